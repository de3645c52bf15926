import request from 'supertest';
import { bearer, createService, expectErrorBody, expectNothingStored as nothingStored, fieldsOf, issueTestTokens, startApp, TestApp, TestToken, UNKNOWN_ID } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

// Fixed dates: February/March 2021 (the seed cases' time) for changes dated in the past, and
// malformed values refused on any day. Times ahead are taken from the clock.

const DAY = 24 * 60 * 60 * 1000;

describe('status changes (POST, GET /v1/services/:id/status-changes)', () => {
  let t: TestApp;
  let osaka: TestToken, hokkaido: TestToken, osakaCity: TestToken, ministry: TestToken, npo: TestToken;
  let revoked: string;


  const expectNothingStored = (send: () => Promise<request.Response>) => nothingStored(t.db, send);

  const service = async (id: string) => (await request(t.http).get(`/v1/services/${id}`).expect(200)).body;
  const changesOf = (id: string) => t.db.query(`SELECT status, effective_at, reason, recorded_by, recorded_by_token_id FROM status_changes WHERE service_id = $1 ORDER BY id`, [id]);

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, osakaCity, ministry, npo, revoked } = await issueTestTokens(t, 'status'));
  });
  afterAll(() => t.close());

  describe('POST', () => {
    it('records a suspension: 201, the change, the service suspended and its ETag one up', async () => {
      const created = await createService(t, osaka.token, '270008');
      const res = await request(t.http)
        .post(`/v1/services/${created.id}/status-changes`)
        .set(bearer(osaka.token))
        .set('If-Match', '"1"')
        .send({ status: 'suspended', reason: '個人情報の取扱いを確認するまで停止', sourceUrl: 'https://www.pref.osaka.lg.jp/press/line.html' })
        .expect(201);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          serviceId: created.id,
          status: 'suspended',
          effectiveAt: expect.any(String),
          inEffect: true,
          reason: '個人情報の取扱いを確認するまで停止',
          sourceUrl: 'https://www.pref.osaka.lg.jp/press/line.html',
          recordedBy: osaka.name,
          recordedAt: expect.any(String),
        }),
      );
      expect(res.body).not.toHaveProperty('recordedByTokenId');
      expect(JSON.stringify(res.body)).not.toContain(osaka.id);
      expect(Math.abs(Date.parse(res.body.effectiveAt) - Date.now())).toBeLessThan(60_000);

      const after = await request(t.http).get(`/v1/services/${created.id}`).expect(200);
      expect(after.headers.etag).toBe('"2"');
      expect(after.body).toEqual(expect.objectContaining({ currentStatus: 'suspended', currentStatusSince: res.body.effectiveAt, version: 2 }));
      expect(after.body.timeline.map((c: { status: string }) => c.status)).toEqual(['active', 'suspended']);

      const stored = await changesOf(created.id);
      expect(stored).toHaveLength(2);
      expect(stored[1]).toEqual(expect.objectContaining({ status: 'suspended', reason: '個人情報の取扱いを確認するまで停止', recorded_by: osaka.name, recorded_by_token_id: osaka.id }));
      const [row] = await t.db.query(`SELECT current_status, version FROM line_services WHERE id = $1`, [created.id]);
      expect(row).toEqual({ current_status: 'suspended', version: 2 });
    });

    it('schedules a future change: 201 with inEffect false, the current status unchanged', async () => {
      const created = await createService(t, osaka.token, '270008');
      const effectiveAt = new Date(Date.now() + DAY).toISOString();
      const res = await request(t.http).post(`/v1/services/${created.id}/status-changes`).set(bearer(osaka.token)).send({ status: 'discontinued', effectiveAt }).expect(201);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual(expect.objectContaining({ status: 'discontinued', effectiveAt, inEffect: false }));
      const after = await service(created.id);
      expect(after).toEqual(expect.objectContaining({ currentStatus: 'active', currentStatusSince: created.currentStatusSince, version: 2 }));
      expect(after.timeline).toEqual([
        expect.objectContaining({ status: 'active', inEffect: true }),
        expect.objectContaining({ status: 'discontinued', effectiveAt, inEffect: false }),
      ]);
      // Not counted as current by the list filter either.
      const listed = await request(t.http).get('/v1/services').query({ q: created.name, status: 'discontinued' }).expect(200);
      expect(listed.body.items).toEqual([]);
    });

    it('accepts an offset and stores the instant: 26 Mar 2021 00:00 JST is 25 Mar 15:00 UTC', async () => {
      const created = await createService(t, osaka.token, '270008');
      const res = await request(t.http)
        .post(`/v1/services/${created.id}/status-changes`)
        .set(bearer(osaka.token))
        .send({ status: 'suspended', effectiveAt: '2021-03-26T00:00:00+09:00' })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ effectiveAt: '2021-03-25T15:00:00.000Z', inEffect: true }));
      expect((await changesOf(created.id))[1].effective_at.toISOString()).toBe('2021-03-25T15:00:00.000Z');
      // A back-dated change is older than the service's own activation: it does not become current.
      const after = await service(created.id);
      expect(after.currentStatus).toBe('active');
      expect(after.timeline.map((c: { status: string }) => c.status)).toEqual(['suspended', 'active']);
    });

    it.each([
      ['an effectiveAt without time zone', { status: 'suspended', effectiveAt: '2021-03-26' }, 'effectiveAt'],
      ['an effectiveAt without offset', { status: 'suspended', effectiveAt: '2021-03-26T00:00:00' }, 'effectiveAt'],
      ['an impossible date', { status: 'suspended', effectiveAt: '2021-02-30T00:00:00+09:00' }, 'effectiveAt'],
      ['an unknown status', { status: 'paused' }, 'status'],
      ['no status', { reason: 'no status given' }, 'status'],
      ['a non-string reason', { status: 'suspended', reason: 42 }, 'reason'],
      ['a sourceUrl that is not http(s)', { status: 'suspended', sourceUrl: 'ftp://example.jp/notice' }, 'sourceUrl'],
      ['an unknown field', { status: 'suspended', recordedBy: 'someone else' }, 'recordedBy'],
    ])('refuses %s with a 400 naming it, and stores nothing', async (_, body, field) => {
      const created = await createService(t, osaka.token, '270008');
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${created.id}/status-changes`).set(bearer(osaka.token)).send(body));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await service(created.id)).toEqual(expect.objectContaining({ currentStatus: 'active', version: 1 }));
    });

    it('answers 412 to a stale If-Match and stores nothing', async () => {
      const created = await createService(t, osaka.token, '270008');
      await request(t.http).patch(`/v1/services/${created.id}`).set(bearer(osaka.token)).send({ description: 'bump' }).expect(200);
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${created.id}/status-changes`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ status: 'suspended' }));
      expect(res.status).toBe(412);
      expectErrorBody(res.body, 412);
      const after = await request(t.http).get(`/v1/services/${created.id}`).expect(200);
      expect(after.headers.etag).toBe('"2"');
      expect(after.body.currentStatus).toBe('active');
      expect(await changesOf(created.id)).toHaveLength(1);
    });

    it.each([
      [401, 'no token', () => ({})],
      [401, 'a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      [401, 'a revoked token', () => bearer(revoked)],
      [403, 'a prefecture 01 token', () => bearer(hokkaido.token)],
      [403, 'a municipality 271004 token', () => bearer(osakaCity.token)],
      [403, 'a ministry token', () => bearer(ministry.token)],
      [403, 'an npo token', () => bearer(npo.token)],
    ])('answers %i to %s on 大阪府\'s service, and stores nothing', async (status, _, headers) => {
      const created = await createService(t, osaka.token, '270008');
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${created.id}/status-changes`).set(headers()).send({ status: 'suspended' }));
      expect(res.status).toBe(status);
      expectErrorBody(res.body, status);
      expect(await service(created.id)).toEqual(expect.objectContaining({ currentStatus: 'active', version: 1 }));
    });

    it('lets the ministry change a national body\'s service and 大阪市 its own', async () => {
      const national = await createService(t, ministry.token, 'moj');
      await request(t.http).post(`/v1/services/${national.id}/status-changes`).set(bearer(ministry.token)).send({ status: 'suspended' }).expect(201);
      expect((await service(national.id)).currentStatus).toBe('suspended');
      const city = await createService(t, osaka.token, '271004');
      const res = await request(t.http).post(`/v1/services/${city.id}/status-changes`).set(bearer(osakaCity.token)).send({ status: 'suspended' }).expect(201);
      expect(res.body.recordedBy).toBe(osakaCity.name);
    });

    it('answers 404 for an unknown service and 400 naming id for a malformed one, storing nothing', async () => {
      const missing = await expectNothingStored(() => request(t.http).post(`/v1/services/${UNKNOWN_ID}/status-changes`).set(bearer(osaka.token)).send({ status: 'suspended' }));
      expect(missing.status).toBe(404);
      expectErrorBody(missing.body, 404);
      const bad = await expectNothingStored(() => request(t.http).post('/v1/services/not-a-uuid/status-changes').set(bearer(osaka.token)).send({ status: 'suspended' }));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });

  describe('a scheduled change, with the worker running', () => {
    // The API records a future change; the worker makes it current when its time comes.
    let worker: TestWorker;
    beforeAll(async () => {
      worker = await startWorker();
    });
    afterAll(() => worker.close());

    it('becomes the current status once its time has come', async () => {
      const created = await createService(t, osaka.token, '270008');
      const effectiveAt = new Date(Date.now() + 1500).toISOString();
      const res = await request(t.http).post(`/v1/services/${created.id}/status-changes`).set(bearer(osaka.token)).send({ status: 'suspended', effectiveAt }).expect(201);
      expect(res.body.inEffect).toBe(false);
      expect((await service(created.id)).currentStatus).toBe('active');
      const after = await waitFor(async () => {
        const s = await service(created.id);
        return s.currentStatus === 'suspended' ? s : undefined;
      }, 6000);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(effectiveAt));
      // The service agrees with its own timeline, and the status filter with both.
      expect(after.currentStatusSince).toBe(effectiveAt);
      expect(after.timeline[after.timeline.length - 1]).toEqual(expect.objectContaining({ status: 'suspended', effectiveAt, inEffect: true }));
      const listed = await request(t.http).get('/v1/services').query({ q: created.name, status: 'suspended' }).expect(200);
      expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    });
  });

  describe('GET', () => {
    it('is public and lists the timeline oldest first, undated changes first', async () => {
      const created = await createService(t, osaka.token, '270008', { initialStatus: { status: 'planned', effectiveAt: '2021-03-01T00:00:00+09:00' } });
      const post = (body: object) => request(t.http).post(`/v1/services/${created.id}/status-changes`).set(bearer(osaka.token)).send(body).expect(201);
      const future = new Date(Date.now() + DAY).toISOString();
      await post({ status: 'discontinued', effectiveAt: future });
      await post({ status: 'suspended', effectiveAt: '2021-03-26T00:00:00+09:00' });
      await post({ status: 'active', effectiveAt: '2021-03-10T09:00:00+09:00', reason: '開始' });
      // An undated change, as the seed records one when the source gives no date.
      await t.db.query(`INSERT INTO status_changes (service_id, status, effective_at, reason, recorded_by) VALUES ($1, 'postponed', NULL, 'undated', 'test')`, [created.id]);

      const res = await request(t.http).get(`/v1/services/${created.id}/status-changes`).expect(200);
      expect(res.body.items.map((c: { status: string; effectiveAt: string | null; inEffect: boolean }) => [c.status, c.effectiveAt, c.inEffect])).toEqual([
        ['postponed', null, true],
        ['planned', '2021-02-28T15:00:00.000Z', true],
        ['active', '2021-03-10T00:00:00.000Z', true],
        ['suspended', '2021-03-25T15:00:00.000Z', true],
        ['discontinued', future, false],
      ]);
      expect(res.body.items[2]).toEqual(expect.objectContaining({ serviceId: created.id, reason: '開始', recordedBy: osaka.name, sourceUrl: null }));
      const got = await service(created.id);
      expect(got.currentStatus).toBe('suspended');
      expect(got.currentStatusSince).toBe('2021-03-25T15:00:00.000Z');
      expect(got.timeline).toEqual(res.body.items);
    });

    it('shows no token ids', async () => {
      const created = await createService(t, osaka.token, '270008');
      const res = await request(t.http).get(`/v1/services/${created.id}/status-changes`).expect(200);
      expect(JSON.stringify(res.body)).not.toContain(osaka.id);
      expect(res.body.items).toHaveLength(1);
      for (const item of res.body.items) {
        expect(Object.keys(item)).toEqual(expect.arrayContaining(['id', 'serviceId', 'status', 'effectiveAt', 'inEffect', 'reason', 'sourceUrl', 'recordedBy', 'recordedAt']));
        for (const key of ['tokenId', 'token_id', 'recordedByTokenId', 'recorded_by_token_id']) expect(item).not.toHaveProperty(key);
      }
    });

    it('answers 404 for an unknown service and 400 naming id for a malformed one', async () => {
      const missing = await request(t.http).get(`/v1/services/${UNKNOWN_ID}/status-changes`).expect(404);
      expectErrorBody(missing.body, 404);
      const bad = await request(t.http).get('/v1/services/123/status-changes').expect(400);
      expectErrorBody(bad.body, 400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });
});
