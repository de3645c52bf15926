import request from 'supertest';
import { bearer, createService, expectErrorBody, expectNothingStored as nothingStored, fieldsOf, issueTestTokens, serviceBody, startApp, TestApp, TestToken, unique, UNKNOWN_ID } from './support/app';

// Fixed dates: March/April 2021, the time of the seed cases (in the past, with the services
// that existed then), malformed values that must be refused on any day, and 1990, the
// earliest instant the API accepts. Times ahead are taken from the clock.


describe('services (POST, GET, PATCH /v1/services and the list)', () => {
  let t: TestApp;
  let osaka: TestToken, hokkaido: TestToken, sapporo: TestToken, osakaCity: TestToken, ministry: TestToken, npo: TestToken;
  let revoked: string;


  const expectNothingStored = (send: () => Promise<request.Response>) => nothingStored(t.db, send);

  const row = async (id: string) => (await t.db.query(`SELECT * FROM line_services WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, sapporo, osakaCity, ministry, npo, revoked } = await issueTestTokens(t, 'services'));
  });
  afterAll(() => t.close());

  describe('POST /v1/services', () => {
    it('creates a service of 大阪市 with a prefecture token: 201, ETag "1", the body a user sees and the stored row', async () => {
      const body = serviceBody('271004', {
        department: 'こども青少年局',
        lifeCritical: true,
        description: 'LINE相談（木曜日）',
        url: 'https://www.city.osaka.lg.jp/kodomo/',
        audiences: ['children', 'parents'],
      });
      const res = await request(t.http).post('/v1/services').set(bearer(osaka.token)).send(body).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          operatorCode: '271004',
          operatorType: 'local_government',
          operatorName: '大阪市',
          prefectureCode: '27',
          name: body.name,
          nameEn: null,
          department: 'こども青少年局',
          category: 'consultation',
          audiences: ['children', 'parents'],
          handlesPersonalData: true,
          lifeCritical: true,
          description: 'LINE相談（木曜日）',
          url: 'https://www.city.osaka.lg.jp/kodomo/',
          lineHours: body.lineHours,
          currentStatus: 'active',
          currentStatusSince: expect.any(String),
          version: 1,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          fallbackChannels: [],
          timeline: [
            expect.objectContaining({ status: 'active', inEffect: true, recordedBy: osaka.name, serviceId: res.body.id, effectiveAt: res.body.currentStatusSince }),
          ],
        }),
      );
      for (const key of ['tokenId', 'token_id', 'recordedByTokenId', 'recorded_by_token_id', 'local_government_code']) expect(JSON.stringify(res.body)).not.toContain(`"${key}"`);
      expect(JSON.stringify(res.body)).not.toContain(osaka.id);
      expect(Math.abs(Date.parse(res.body.currentStatusSince) - Date.now())).toBeLessThan(60_000);

      const stored = await row(res.body.id);
      expect(stored).toEqual(
        expect.objectContaining({
          local_government_code: '271004',
          national_body_code: null,
          operator_code: '271004',
          prefecture_code: '27',
          name: body.name,
          category: 'consultation',
          audiences: ['children', 'parents'],
          life_critical: true,
          line_hours: body.lineHours,
          current_status: 'active',
          version: 1,
        }),
      );
      const changes = await t.db.query(`SELECT status, recorded_by, recorded_by_token_id FROM status_changes WHERE service_id = $1`, [res.body.id]);
      expect(changes).toEqual([{ status: 'active', recorded_by: osaka.name, recorded_by_token_id: osaka.id }]);

      const got = await request(t.http).get(`/v1/services/${res.body.id}`).expect(200);
      expect(got.headers.etag).toBe('"1"');
      expect(got.body).toEqual(res.body);
    });

    it('takes an optional initial status with its date, reason and source', async () => {
      const initialStatus = { status: 'planned', effectiveAt: '2021-04-01T00:00:00+09:00', reason: '4月から導入予定', sourceUrl: 'https://www.pref.osaka.lg.jp/press/' };
      const res = await request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('270008', { initialStatus })).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ operatorName: '大阪府', currentStatus: 'planned', currentStatusSince: '2021-03-31T15:00:00.000Z' }));
      expect(res.body.timeline).toEqual([
        expect.objectContaining({ status: 'planned', effectiveAt: '2021-03-31T15:00:00.000Z', inEffect: true, reason: '4月から導入予定', sourceUrl: 'https://www.pref.osaka.lg.jp/press/' }),
      ]);
      expect((await row(res.body.id)).current_status).toBe('planned');
    });

    it('lets the ministry create a national body\'s service, with no prefecture', async () => {
      const res = await request(t.http).post('/v1/services').set(bearer(ministry.token)).send(serviceBody('mhlw', { category: 'health_monitoring', audiences: ['international_arrivals'] })).expect(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toEqual(expect.objectContaining({ operatorCode: 'mhlw', operatorType: 'national_body', operatorName: '厚生労働省', prefectureCode: null, currentStatus: 'active' }));
      expect(await row(res.body.id)).toEqual(expect.objectContaining({ national_body_code: 'mhlw', local_government_code: null, prefecture_code: null }));
    });

    it('lets 札幌市 create its own service and one of its ward 札幌市中央区', async () => {
      const own = await request(t.http).post('/v1/services').set(bearer(sapporo.token)).send(serviceBody('011002')).expect(201);
      expect(own.body).toEqual(expect.objectContaining({ operatorCode: '011002', operatorName: '札幌市', prefectureCode: '01' }));
      const ward = await request(t.http).post('/v1/services').set(bearer(sapporo.token)).send(serviceBody('011011')).expect(201);
      expect(ward.body).toEqual(expect.objectContaining({ operatorCode: '011011', operatorName: '札幌市中央区', prefectureCode: '01' }));
      expect((await row(ward.body.id)).local_government_code).toBe('011011');
    });

    it('answers 409 naming the field name for a second service of the same operator with the same name, and stores nothing', async () => {
      const first = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('271004', { name: first.name })));
      expect(res.status).toBe(409);
      expectErrorBody(res.body, 409);
      expect(fieldsOf(res.body)).toEqual(['name']);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM line_services WHERE name = $1`, [first.name]);
      expect(count).toBe(1);
      // The same name under another operator is a different service.
      await request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('270008', { name: first.name })).expect(201);
    });

    it.each([
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a name that is not a string', { name: 123 }, 'name'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of 201 characters', { name: 'あ'.repeat(201) }, 'name'],
      ['an empty nameEn', { nameEn: '' }, 'nameEn'],
      ['a nameEn of 201 characters', { nameEn: 'a'.repeat(201) }, 'nameEn'],
      ['a nameEn with a line break', { nameEn: 'LINE\nconsultation' }, 'nameEn'],
      ['a nameEn that is not a string', { nameEn: 42 }, 'nameEn'],
      ['audiences that are not an array', { audiences: 'children' }, 'audiences'],
      ['an unknown audience', { audiences: ['aliens'] }, 'audiences'],
      ['handlesPersonalData as a string', { handlesPersonalData: 'yes' }, 'handlesPersonalData'],
      ['an unknown category', { category: 'fun' }, 'category'],
      ['a url that is not http(s)', { url: 'javascript:alert(1)' }, 'url'],
      ['a malformed lineHours', { lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '25:00', end: '10:00' }] } }, 'lineHours'],
      ['an unknown initial status', { initialStatus: { status: 'paused' } }, 'initialStatus.status'],
      ['an initial effectiveAt without time zone', { initialStatus: { status: 'active', effectiveAt: '2021-03-26' } }, 'initialStatus.effectiveAt'],
      ['a missing name', { name: undefined }, 'name'],
      ['a missing operatorCode', { operatorCode: undefined }, 'operatorCode'],
      ['a valid code no local government has', { operatorCode: '016951' }, 'operatorCode'],
      ['an unknown national body', { operatorCode: 'nosuchbody' }, 'operatorCode'],
    ])('refuses %s with a 400 naming it, and stores nothing', async (_, overrides, field) => {
      const res = await expectNothingStored(() => request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('271004', overrides)));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      expect(fieldsOf(res.body)).toContain(field);
      expect(res.body.details.every((d: { message: unknown }) => typeof d.message === 'string' && d.message.length > 0)).toBe(true);
    });

    it('refuses an operatorCode with a wrong check digit, saying so', async () => {
      const res = await expectNothingStored(() => request(t.http).post('/v1/services').set(bearer(sapporo.token)).send(serviceBody('011003')));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      expect(res.body.details).toEqual([{ field: 'operatorCode', message: expect.stringContaining('check digit') }]);
    });

    it('answers 413 with the standard body for a body over 256kb, and stores nothing', async () => {
      const res = await expectNothingStored(() =>
        request(t.http).post('/v1/services').set(bearer(osaka.token)).send(serviceBody('271004', { description: 'x'.repeat(300 * 1024) })),
      );
      expect(res.status).toBe(413);
      expectErrorBody(res.body, 413);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    });

    it('answers 400 with the standard body for invalid JSON, and stores nothing', async () => {
      const res = await expectNothingStored(() =>
        request(t.http).post('/v1/services').set(bearer(osaka.token)).set('Content-Type', 'application/json').send('{"operatorCode": "271004", "name": '),
      );
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
    });

    it.each([
      ['no token', () => ({})],
      ['a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      ['a revoked token', () => bearer(revoked)],
    ])('answers 401 for %s, and stores nothing', async (_, headers) => {
      const res = await expectNothingStored(() => request(t.http).post('/v1/services').set(headers()).send(serviceBody('271004')));
      expect(res.status).toBe(401);
      expectErrorBody(res.body, 401);
    });

    it.each([
      ['prefecture 27', '011002', 'osaka'],
      ['prefecture 27', 'mhlw', 'osaka'],
      ['prefecture 01', '271004', 'hokkaido'],
      ['municipality 011002', '271004', 'sapporo'],
      ['municipality 271004', '270008', 'osakaCity'],
      ['ministry', '271004', 'ministry'],
      ['npo', '271004', 'npo'],
      ['npo', 'mhlw', 'npo'],
    ])('answers 403 when a %s token creates a service of %s, and stores nothing', async (_, operatorCode, who) => {
      const token = { osaka, hokkaido, sapporo, osakaCity, ministry, npo }[who]!.token;
      const res = await expectNothingStored(() => request(t.http).post('/v1/services').set(bearer(token)).send(serviceBody(operatorCode)));
      expect(res.status).toBe(403);
      expectErrorBody(res.body, 403);
    });
  });

  describe('GET /v1/services/:id', () => {
    it('is public and sends the version as ETag', async () => {
      const created = await createService(t, osaka.token, '271004');
      await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).send({ description: 'changed' }).expect(200);
      const res = await request(t.http).get(`/v1/services/${created.id}`).expect(200);
      expect(res.body.version).toBe(2);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual(expect.objectContaining({ id: created.id, name: created.name, description: 'changed', operatorName: '大阪市' }));
    });

    it('answers 404 for an unknown id and 400 naming id for a malformed one', async () => {
      const missing = await request(t.http).get(`/v1/services/${UNKNOWN_ID}`).expect(404);
      expectErrorBody(missing.body, 404);
      const bad = await request(t.http).get('/v1/services/not-a-uuid').expect(400);
      expectErrorBody(bad.body, 400);
      expect(bad.body.details).toEqual([{ field: 'id', message: expect.any(String) }]);
    });
  });

  describe('PATCH /v1/services/:id', () => {
    it('updates with a current If-Match: 200, the new body, ETag one up and the stored row', async () => {
      const created = await createService(t, osaka.token, '271004');
      const name = unique('改名テスト');
      const lineHours = { type: 'always' };
      const res = await request(t.http)
        .patch(`/v1/services/${created.id}`)
        .set(bearer(osaka.token))
        .set('If-Match', '"1"')
        .send({ name, category: 'information', audiences: ['general'], lineHours, department: '広報課' })
        .expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual(expect.objectContaining({ id: created.id, name, category: 'information', audiences: ['general'], lineHours, department: '広報課', version: 2, currentStatus: 'active' }));
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(await row(created.id)).toEqual(expect.objectContaining({ name, category: 'information', audiences: ['general'], line_hours: lineHours, department: '広報課', version: 2 }));

      const again = await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"2"').send({ handlesPersonalData: false }).expect(200);
      expect(again.headers.etag).toBe('"3"');
      expect(again.body.handlesPersonalData).toBe(false);
    });

    it('updates without If-Match too', async () => {
      const created = await createService(t, osaka.token, '271004');
      const res = await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).send({ lifeCritical: true }).expect(200);
      expect(res.headers.etag).toBe('"2"');
      expect((await row(created.id)).life_critical).toBe(true);
    });

    it('sets, changes and clears nameEn (the English rendering beside the Japanese name), as the body, the stored row and GET show', async () => {
      const created = await createService(t, osaka.token, '271004', { name: unique('毎週木曜日のLINE相談'), nameEn: 'LINE consultation (Thursdays)' });
      expect(created).toEqual(expect.objectContaining({ nameEn: 'LINE consultation (Thursdays)', version: 1 }));
      expect((await row(created.id)).name_en).toBe('LINE consultation (Thursdays)');

      const nameEn = unique('Thursday LINE consultation');
      const renamed = await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ nameEn }).expect(200);
      expect(renamed.body).toEqual(expect.objectContaining({ name: created.name, nameEn, version: 2 }));
      expect((await request(t.http).get(`/v1/services/${created.id}`).expect(200)).body.nameEn).toBe(nameEn);
      // q finds a service by its English name too.
      const found = await request(t.http).get('/v1/services').query({ q: nameEn.toLowerCase() }).expect(200);
      expect(found.body.items.map((s: { id: string }) => s.id)).toEqual([created.id]);

      const cleared = await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).send({ nameEn: null }).expect(200);
      expect(cleared.body).toEqual(expect.objectContaining({ name: created.name, nameEn: null, version: 3 }));
      expect(await row(created.id)).toEqual(expect.objectContaining({ name: created.name, name_en: null }));
    });

    it('clears lineHours, department, description and url with null', async () => {
      const created = await createService(t, osaka.token, '271004', { department: '課', description: 'd', url: 'https://example.jp/' });
      const res = await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).send({ lineHours: null, department: null, description: null, url: null }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ lineHours: null, department: null, description: null, url: null, version: 2 }));
      expect(await row(created.id)).toEqual(expect.objectContaining({ line_hours: null, department: null, description: null, url: null }));
    });

    it('answers 412 to a stale If-Match and changes nothing', async () => {
      const created = await createService(t, osaka.token, '271004');
      await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ description: 'first' }).expect(200);
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ description: 'second' }));
      expect(res.status).toBe(412);
      expectErrorBody(res.body, 412);
      expect(await row(created.id)).toEqual(expect.objectContaining({ description: 'first', version: 2 }));
      const got = await request(t.http).get(`/v1/services/${created.id}`).expect(200);
      expect(got.headers.etag).toBe('"2"');
    });

    it('lets exactly one of two concurrent updates with the same If-Match win', async () => {
      const created = await createService(t, osaka.token, '271004');
      const send = (description: string) => request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ description });
      const results = await Promise.all([send('a'), send('b')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200)!;
      expect(await row(created.id)).toEqual(expect.objectContaining({ description: winner.body.description, version: 2 }));
    });

    it.each([
      ['an empty body', {}, null],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an operatorCode (operators do not move)', { operatorCode: '270008' }, 'operatorCode'],
      ['a null name', { name: null }, 'name'],
      ['an empty nameEn', { nameEn: '' }, 'nameEn'],
      ['a nameEn of 201 characters', { nameEn: 'a'.repeat(201) }, 'nameEn'],
      ['an unknown category', { category: 'fun' }, 'category'],
      ['a malformed lineHours', { lineHours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '25:00', end: '10:00' }] } }, 'lineHours'],
      ['a non-boolean lifeCritical', { lifeCritical: 'yes' }, 'lifeCritical'],
    ])('refuses %s with a 400, and changes nothing', async (_, body, field) => {
      const created = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send(body));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      if (field) expect(fieldsOf(res.body)).toContain(field);
      expect(await row(created.id)).toEqual(expect.objectContaining({ name: created.name, category: 'consultation', version: 1 }));
    });

    it('refuses a malformed If-Match with a 400 naming it', async () => {
      const created = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).set('If-Match', 'version one').send({ description: 'x' }));
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['If-Match']);
      expect((await row(created.id)).version).toBe(1);
    });

    it('answers 409 naming name when renaming to another service\'s name, and changes nothing', async () => {
      const a = await createService(t, osaka.token, '271004');
      const b = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/services/${b.id}`).set(bearer(osaka.token)).send({ name: a.name }));
      expect(res.status).toBe(409);
      expectErrorBody(res.body, 409);
      expect(fieldsOf(res.body)).toEqual(['name']);
      expect(await row(b.id)).toEqual(expect.objectContaining({ name: b.name, version: 1 }));
    });

    it.each([
      [401, 'no token', () => ({})],
      [401, 'a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      [401, 'a revoked token', () => bearer(revoked)],
      [403, 'a prefecture 01 token', () => bearer(hokkaido.token)],
      [403, 'a municipality 011002 token', () => bearer(sapporo.token)],
      [403, 'a ministry token', () => bearer(ministry.token)],
      [403, 'an npo token', () => bearer(npo.token)],
    ])('answers %i to %s updating 大阪市\'s service, and changes nothing', async (status, _, headers) => {
      const created = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/services/${created.id}`).set(headers()).send({ description: 'hijacked' }));
      expect(res.status).toBe(status);
      expectErrorBody(res.body, status);
      expect(await row(created.id)).toEqual(expect.objectContaining({ description: null, version: 1 }));
    });

    it('lets the city itself (271004) and a designated city its ward\'s service be updated', async () => {
      const city = await createService(t, osaka.token, '271004');
      await request(t.http).patch(`/v1/services/${city.id}`).set(bearer(osakaCity.token)).send({ description: 'by the city' }).expect(200);
      const ward = await createService(t, sapporo.token, '011011');
      await request(t.http).patch(`/v1/services/${ward.id}`).set(bearer(sapporo.token)).send({ description: 'by the city' }).expect(200);
      await request(t.http).patch(`/v1/services/${ward.id}`).set(bearer(hokkaido.token)).send({ description: 'by the prefecture' }).expect(200);
      expect((await row(ward.id)).version).toBe(3);
    });

    it('answers 404 for an unknown id and 400 naming id for a malformed one', async () => {
      const missing = await expectNothingStored(() => request(t.http).patch(`/v1/services/${UNKNOWN_ID}`).set(bearer(osaka.token)).send({ description: 'x' }));
      expect(missing.status).toBe(404);
      expectErrorBody(missing.body, 404);
      const bad = await expectNothingStored(() => request(t.http).patch('/v1/services/12345').set(bearer(osaka.token)).send({ description: 'x' }));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });

  describe('GET /v1/services (filters and cursor pagination)', () => {
    // Five services whose names share a tag no other test uses, so `q` isolates them.
    const tag = `lst${Date.now().toString(36)}x${process.pid}`;
    let made: { id: string; name: string; updatedAt: string }[];

    beforeAll(async () => {
      made = [];
      const specs: [string, Record<string, unknown>][] = [
        ['271004', { name: `${tag} d consultation`, category: 'consultation', audiences: ['children'] }],
        ['271004', { name: `${tag} b payment`, category: 'payment', audiences: ['general'] }],
        ['271004', { name: `${tag} e elderly`, category: 'information', audiences: ['elderly', 'general'], initialStatus: { status: 'suspended' } }],
        ['270008', { name: `${tag} a reservation`, category: 'reservation', audiences: ['general'] }],
        ['270008', { name: `${tag} c consultation`, category: 'consultation', audiences: ['youth'], department: '教育センター' }],
      ];
      for (const [operator, overrides] of specs) made.push(await createService(t, osaka.token, operator, overrides));
    });

    const ids = (res: request.Response) => res.body.items.map((s: { id: string }) => s.id);
    const list = (query: Record<string, string | number>) => request(t.http).get('/v1/services').query({ q: tag, ...query });

    it('finds by q and filters by operator, prefecture, status, category and audience', async () => {
      const all = await list({}).expect(200);
      expect(ids(all)).toEqual(made.map((s) => s.id));
      expect(all.body.nextCursor).toBeNull();
      expect(all.body.items[0]).toEqual(expect.objectContaining({ operatorName: '大阪市', fallbackChannels: [], timeline: [expect.objectContaining({ status: 'active' })] }));

      expect(ids(await list({ operator: '271004' }).expect(200))).toEqual(made.slice(0, 3).map((s) => s.id));
      expect(ids(await list({ operator: '270008' }).expect(200))).toEqual(made.slice(3).map((s) => s.id));
      expect(ids(await list({ prefecture: '27' }).expect(200))).toHaveLength(5);
      expect(ids(await list({ prefecture: '01' }).expect(200))).toEqual([]);
      expect(ids(await list({ status: 'suspended' }).expect(200))).toEqual([made[2].id]);
      expect(ids(await list({ status: 'active' }).expect(200))).toHaveLength(4);
      expect(ids(await list({ category: 'consultation' }).expect(200))).toEqual([made[0].id, made[4].id]);
      expect(ids(await list({ audience: 'general' }).expect(200))).toEqual([made[1].id, made[2].id, made[3].id]);
      expect(ids(await list({ operator: '271004', category: 'payment' }).expect(200))).toEqual([made[1].id]);
      // q also looks in the department
      expect(ids(await request(t.http).get('/v1/services').query({ q: '教育センター', operator: '270008', prefecture: '27' }).expect(200))).toContain(made[4].id);
    });

    it('filters by modifiedAfter', async () => {
      const since = new Date(Date.parse(made[made.length - 1].updatedAt) + 1).toISOString();
      expect(ids(await list({ modifiedAfter: since }).expect(200))).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      await request(t.http).patch(`/v1/services/${made[1].id}`).set(bearer(osaka.token)).send({ description: 'touched' }).expect(200);
      expect(ids(await list({ modifiedAfter: since }).expect(200))).toEqual([made[1].id]);
      expect(ids(await list({ modifiedAfter: '1990-01-01T00:00:00Z' }).expect(200))).toHaveLength(5);
    });

    it('does not count a service as modified after the very updatedAt it shows', async () => {
      // The incremental-sync use: pass back the newest updatedAt seen, get only what changed since.
      const newest = await request(t.http).get(`/v1/services/${made[made.length - 1].id}`).expect(200);
      const res = await list({ modifiedAfter: newest.body.updatedAt, operator: '270008' }).expect(200);
      expect(ids(res)).not.toContain(made[made.length - 1].id);
    });

    it('pages with limit and nextCursor without duplicates or gaps, by creation', async () => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await list({ limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...ids(res));
        sizes.push(res.body.items.length);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(sizes).toEqual([2, 2, 1]);
      expect(seen).toEqual(made.map((s) => s.id));
    });

    it.each(['name', 'updatedAt'])('pages sorted by %s without duplicates or gaps', async (sort) => {
      const everything = await list({ sort, limit: 50 }).expect(200);
      expect(everything.body.items).toHaveLength(5);
      if (sort === 'name') expect(everything.body.items.map((s: { name: string }) => s.name.split(' ')[1])).toEqual(['a', 'b', 'c', 'd', 'e']);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await list({ sort, limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...ids(res));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids(everything));
    });

    it('pages the whole registry without duplicates', async () => {
      const seen = new Set<string>();
      let count = 0;
      let cursor: string | null = null;
      do {
        const res: request.Response = await request(t.http).get('/v1/services').query({ limit: 200, ...(cursor ? { cursor } : {}) }).expect(200);
        for (const id of ids(res)) seen.add(id);
        count += res.body.items.length;
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen.size).toBe(count);
      for (const s of made) expect(seen.has(s.id)).toBe(true);
    });

    it.each([
      [{ operator: '011003' }, 'operator'],
      [{ prefecture: '48' }, 'prefecture'],
      [{ status: 'paused' }, 'status'],
      [{ category: 'fun' }, 'category'],
      [{ audience: 'aliens' }, 'audience'],
      [{ sort: 'random' }, 'sort'],
      [{ modifiedAfter: '2021-03-26' }, 'modifiedAfter'],
      [{ limit: '0' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ unknown: 'x' }, 'unknown'],
    ])('rejects the filter %j naming %s', async (query, field) => {
      const res = await request(t.http).get('/v1/services').query(query).expect(400);
      expectErrorBody(res.body, 400);
      expect(fieldsOf(res.body)).toContain(field);
    });
  });
});
