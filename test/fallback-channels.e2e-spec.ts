import request from 'supertest';
import { bearer, createService, expectErrorBody, expectNothingStored as nothingStored, fieldsOf, issueTestTokens, startApp, TestApp, TestToken, UNKNOWN_ID } from './support/app';

// Fixed dates: March/April 2021 validity periods that are inverted or lack a zone, refused on
// any day. Times ahead are taken from the clock.

const DAY = 24 * 60 * 60 * 1000;

describe('fallback channels (POST/GET /v1/services/:id/fallback-channels, PATCH/DELETE /v1/fallback-channels/:id)', () => {
  let t: TestApp;
  let osaka: TestToken, hokkaido: TestToken, osakaCity: TestToken, sapporo: TestToken, ministry: TestToken, npo: TestToken;
  let revoked: string;


  const expectNothingStored = (send: () => Promise<request.Response>) => nothingStored(t.db, send);

  const phone = { kind: 'phone', label: '24時間電話相談', contact: '0120-123-456' };
  const channelRow = async (id: string) => (await t.db.query(`SELECT * FROM fallback_channels WHERE id = $1`, [id]))[0];
  const versionOf = async (serviceId: string) => (await t.db.query(`SELECT version FROM line_services WHERE id = $1`, [serviceId]))[0].version;
  const addChannel = async (serviceId: string, body: object = phone) =>
    (await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(osaka.token)).send(body).expect(201)).body;
  const listIds = async (serviceId: string, state?: string) =>
    (await request(t.http).get(`/v1/services/${serviceId}/fallback-channels`).query(state ? { state } : {}).expect(200)).body.items.map((c: { id: string }) => c.id);

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, osakaCity, sapporo, ministry, npo, revoked } = await issueTestTokens(t, 'channels'));
  });
  afterAll(() => t.close());

  describe('POST /v1/services/:id/fallback-channels', () => {
    it('adds a phone channel: 201, the channel, the stored row, the service\'s ETag one up', async () => {
      const service = await createService(t, osaka.token, '271004');
      const hours = { type: 'weekly', publicHolidays: 'as_sunday', ranges: [{ day: 'sun', start: '22:00', end: '02:00' }] };
      const res = await request(t.http)
        .post(`/v1/services/${service.id}/fallback-channels`)
        .set(bearer(osaka.token))
        .set('If-Match', '"1"')
        .send({ ...phone, contact: ' 0120-123-456 ', hours, notes: '通話料無料' })
        .expect(201);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          serviceId: service.id,
          kind: 'phone',
          platform: null,
          label: '24時間電話相談',
          contact: '0120-123-456',
          contactKnown: true,
          hours,
          notes: '通話料無料',
          validFrom: null,
          validUntil: null,
          validNow: true,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        }),
      );
      expect(await channelRow(res.body.id)).toEqual(expect.objectContaining({ service_id: service.id, kind: 'phone', contact: '0120-123-456', hours, valid_until: null }));
      const got = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
      expect(got.headers.etag).toBe('"2"');
      expect(got.body.fallbackChannels).toEqual([res.body]);
    });

    it.each([
      ['an e-mail address', { kind: 'email', label: 'メール相談', contact: 'soudan@city.osaka.lg.jp' }, true],
      ['an empty contact (not known)', { kind: 'email', label: 'メール相談', contact: '' }, false],
      ['no contact at all', { kind: 'in_person', label: '面接相談' }, false],
      ['a website URL', { kind: 'website', label: 'ウェブサイト', contact: 'https://www.city.osaka.lg.jp/' }, true],
      ['a short number', { kind: 'phone', label: '児童相談所虐待対応ダイヤル', contact: '189' }, true],
    ] as [string, { kind: string; label: string; contact?: string }, boolean][])('accepts %s', async (_, body, contactKnown) => {
      const service = await createService(t, osaka.token, '271004');
      const res = await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka.token)).send(body).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ kind: body.kind, contact: body.contact ?? '', contactKnown }));
      expect((await channelRow(res.body.id)).contact).toBe(body.contact ?? '');
    });

    it('takes a chat platform with its name', async () => {
      const service = await createService(t, osaka.token, '271004');
      const res = await request(t.http)
        .post(`/v1/services/${service.id}/fallback-channels`)
        .set(bearer(osaka.token))
        .send({ kind: 'chat_platform', platform: 'Microsoft Teams', label: 'チャット相談', contact: 'https://example.jp/chat' })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ kind: 'chat_platform', platform: 'Microsoft Teams' }));
      expect((await channelRow(res.body.id)).platform).toBe('Microsoft Teams');
    });

    it('keeps a channel that starts later among the current ones, not valid now', async () => {
      const service = await createService(t, osaka.token, '271004');
      const validFrom = new Date(Date.now() + DAY).toISOString();
      const res = await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka.token)).send({ ...phone, validFrom }).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ validFrom, validUntil: null, validNow: false }));
      expect(await listIds(service.id)).toEqual([res.body.id]);
    });

    it.each([
      ['a phone contact that is not a number', { ...phone, contact: 'abc' }, 'contact'],
      ['a phone number one digit short', { ...phone, contact: '0120-123-45' }, 'contact'],
      ['an e-mail contact that is not an address', { kind: 'email', label: 'メール', contact: 'not-an-address' }, 'contact'],
      ['a website that is not http(s)', { kind: 'website', label: 'web', contact: 'javascript:alert(1)' }, 'contact'],
      ['a chat_platform without platform', { kind: 'chat_platform', label: 'チャット', contact: 'https://example.jp/chat' }, 'platform'],
      ['a platform on a phone channel', { ...phone, platform: 'LINE WORKS' }, 'platform'],
      ['validUntil before validFrom', { ...phone, validFrom: '2021-04-01T00:00:00+09:00', validUntil: '2021-03-01T00:00:00+09:00' }, 'validUntil'],
      ['a validFrom without time zone', { ...phone, validFrom: '2021-04-01' }, 'validFrom'],
      ['an unknown kind', { ...phone, kind: 'pigeon' }, 'kind'],
      ['no label', { kind: 'phone', contact: '0120-123-456' }, 'label'],
      ['malformed hours', { ...phone, hours: { type: 'weekly', publicHolidays: 'closed', ranges: [{ day: 'mon', start: '25:00', end: '10:00' }] } }, 'hours'],
      ['an unknown field', { ...phone, priority: 1 }, 'priority'],
    ])('refuses %s with a 400 naming it, and stores nothing', async (_, body, field) => {
      const service = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka.token)).send(body));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      expect(fieldsOf(res.body)).toContain(field);
      expect(await versionOf(service.id)).toBe(1);
    });

    it('answers 412 to a stale If-Match and stores nothing', async () => {
      const service = await createService(t, osaka.token, '271004');
      await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka.token)).set('If-Match', '"1"').send(phone));
      expect(res.status).toBe(412);
      expectErrorBody(res.body, 412);
      expect(await versionOf(service.id)).toBe(2);
      expect(await listIds(service.id, 'all')).toHaveLength(1);
    });

    it.each([
      [401, 'no token', () => ({})],
      [401, 'a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      [401, 'a revoked token', () => bearer(revoked)],
      [403, 'a prefecture 01 token', () => bearer(hokkaido.token)],
      [403, 'a municipality 011002 token', () => bearer(sapporo.token)],
      [403, 'a ministry token', () => bearer(ministry.token)],
      [403, 'an npo token', () => bearer(npo.token)],
    ])('answers %i to %s adding to 大阪市\'s service, and stores nothing', async (status, _, headers) => {
      const service = await createService(t, osaka.token, '271004');
      const res = await expectNothingStored(() => request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(headers()).send(phone));
      expect(res.status).toBe(status);
      expectErrorBody(res.body, status);
      expect(await versionOf(service.id)).toBe(1);
    });

    it('lets 大阪市 add to its own service', async () => {
      const service = await createService(t, osaka.token, '271004');
      await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osakaCity.token)).send(phone).expect(201);
      expect(await listIds(service.id)).toHaveLength(1);
    });

    it('answers 404 for an unknown service and 400 naming id for a malformed one, storing nothing', async () => {
      const missing = await expectNothingStored(() => request(t.http).post(`/v1/services/${UNKNOWN_ID}/fallback-channels`).set(bearer(osaka.token)).send(phone));
      expect(missing.status).toBe(404);
      expectErrorBody(missing.body, 404);
      const bad = await expectNothingStored(() => request(t.http).post('/v1/services/xyz/fallback-channels').set(bearer(osaka.token)).send(phone));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });

  describe('GET /v1/services/:id/fallback-channels', () => {
    it('is public; current by default, retired ones too with state=all', async () => {
      const service = await createService(t, osaka.token, '271004');
      const a = await addChannel(service.id);
      const b = await addChannel(service.id, { kind: 'email', label: 'メール', contact: 'soudan@city.osaka.lg.jp' });
      await request(t.http).delete(`/v1/fallback-channels/${a.id}`).set(bearer(osaka.token)).expect(200);
      expect(await listIds(service.id)).toEqual([b.id]);
      expect(await listIds(service.id, 'current')).toEqual([b.id]);
      expect(await listIds(service.id, 'all')).toEqual([a.id, b.id]);
    });

    it('answers 400 naming state for an unknown state, 404 for an unknown service and 400 for a malformed id', async () => {
      const service = await createService(t, osaka.token, '271004');
      const bad = await request(t.http).get(`/v1/services/${service.id}/fallback-channels`).query({ state: 'retired' }).expect(400);
      expectErrorBody(bad.body, 400);
      expect(fieldsOf(bad.body)).toEqual(['state']);
      expectErrorBody((await request(t.http).get(`/v1/services/${UNKNOWN_ID}/fallback-channels`).expect(404)).body, 404);
      const malformed = await request(t.http).get('/v1/services/abc/fallback-channels').expect(400);
      expect(fieldsOf(malformed.body)).toEqual(['id']);
    });
  });

  describe('PATCH /v1/fallback-channels/:id', () => {
    it('updates with a current If-Match: 200, the channel, the stored row, the service\'s ETag one up', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await request(t.http)
        .patch(`/v1/fallback-channels/${channel.id}`)
        .set(bearer(osaka.token))
        .set('If-Match', '"2"')
        .send({ contact: '06-1234-5678', label: '平日電話相談', hours: { type: 'always' }, notes: null })
        .expect(200);
      expect(res.headers.etag).toBe('"3"');
      expect(res.body).toEqual(expect.objectContaining({ id: channel.id, kind: 'phone', contact: '06-1234-5678', contactKnown: true, label: '平日電話相談', hours: { type: 'always' }, notes: null, validNow: true }));
      expect(await channelRow(channel.id)).toEqual(expect.objectContaining({ contact: '06-1234-5678', label: '平日電話相談', hours: { type: 'always' } }));
      const got = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
      expect(got.headers.etag).toBe('"3"');
      expect(got.body.fallbackChannels).toEqual([res.body]);
    });

    it('changes the kind together with a contact that fits it, and blanks a contact', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const email = await request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).send({ kind: 'email', contact: 'soudan@city.osaka.lg.jp' }).expect(200);
      expect(email.body).toEqual(expect.objectContaining({ kind: 'email', contact: 'soudan@city.osaka.lg.jp' }));
      const blank = await request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).send({ contact: '' }).expect(200);
      expect(blank.body).toEqual(expect.objectContaining({ contact: '', contactKnown: false }));
    });

    it.each([
      ['an empty body', {}, null],
      ['a contact that does not fit the kind', { contact: 'abc' }, 'contact'],
      ['a kind the contact does not fit', { kind: 'email' }, 'contact'],
      ['chat_platform without a platform', { kind: 'chat_platform', contact: 'https://example.jp/chat' }, 'platform'],
      ['validUntil before validFrom', { validFrom: '2021-04-01T00:00:00+09:00', validUntil: '2021-03-01T00:00:00+09:00' }, 'validUntil'],
      ['a null label', { label: null }, 'label'],
      ['an unknown field', { serviceId: UNKNOWN_ID }, 'serviceId'],
    ])('refuses %s with a 400, and changes nothing', async (_, body, field) => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).send(body));
      expect(res.status).toBe(400);
      expectErrorBody(res.body, 400);
      if (field) expect(fieldsOf(res.body)).toContain(field);
      expect(await channelRow(channel.id)).toEqual(expect.objectContaining({ kind: 'phone', contact: '0120-123-456', label: phone.label, platform: null }));
      expect(await versionOf(service.id)).toBe(2);
    });

    it('answers 412 to a stale If-Match and changes nothing', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ label: 'stale' }));
      expect(res.status).toBe(412);
      expectErrorBody(res.body, 412);
      expect((await channelRow(channel.id)).label).toBe(phone.label);
      expect(await versionOf(service.id)).toBe(2);
    });

    it.each([
      [401, 'no token', () => ({})],
      [401, 'a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      [401, 'a revoked token', () => bearer(revoked)],
      [403, 'a prefecture 01 token', () => bearer(hokkaido.token)],
      [403, 'a municipality 011002 token', () => bearer(sapporo.token)],
      [403, 'a ministry token', () => bearer(ministry.token)],
      [403, 'an npo token', () => bearer(npo.token)],
    ])('answers %i to %s, and changes nothing', async (status, _, headers) => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(headers()).send({ label: 'hijacked' }));
      expect(res.status).toBe(status);
      expectErrorBody(res.body, status);
      expect((await channelRow(channel.id)).label).toBe(phone.label);
      expect(await versionOf(service.id)).toBe(2);
    });

    it('answers 409 for a retired channel, and changes nothing', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).expect(200);
      const res = await expectNothingStored(() => request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).send({ label: 'revived' }));
      expect(res.status).toBe(409);
      expectErrorBody(res.body, 409);
      expect((await channelRow(channel.id)).label).toBe(phone.label);
      expect(await versionOf(service.id)).toBe(3);
    });

    it('answers 404 for an unknown channel and 400 naming id for a malformed one', async () => {
      const missing = await expectNothingStored(() => request(t.http).patch(`/v1/fallback-channels/${UNKNOWN_ID}`).set(bearer(osaka.token)).send({ label: 'x' }));
      expect(missing.status).toBe(404);
      expectErrorBody(missing.body, 404);
      const bad = await expectNothingStored(() => request(t.http).patch('/v1/fallback-channels/1').set(bearer(osaka.token)).send({ label: 'x' }));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });

  describe('DELETE /v1/fallback-channels/:id (retire)', () => {
    it('retires: 200, validUntil now, not valid now, gone from the current channels but kept in the history', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const other = await addChannel(service.id, { kind: 'email', label: 'メール', contact: '' });
      const res = await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).set('If-Match', '"3"').expect(200);
      expect(res.headers.etag).toBe('"4"');
      expect(res.body).toEqual(expect.objectContaining({ id: channel.id, contact: '0120-123-456', validUntil: expect.any(String), validNow: false }));
      expect(Math.abs(Date.parse(res.body.validUntil) - Date.now())).toBeLessThan(60_000);
      expect((await channelRow(channel.id)).valid_until).toBeInstanceOf(Date);

      const got = await request(t.http).get(`/v1/services/${service.id}`).expect(200);
      expect(got.headers.etag).toBe('"4"');
      expect(got.body.fallbackChannels.map((c: { id: string }) => c.id)).toEqual([other.id]);
      expect(await listIds(service.id, 'current')).toEqual([other.id]);
      const all = await request(t.http).get(`/v1/services/${service.id}/fallback-channels`).query({ state: 'all' }).expect(200);
      expect(all.body.items).toEqual([res.body, expect.objectContaining({ id: other.id, validNow: true })]);
    });

    it('retires a channel that was to start later: it leaves the current channels and cannot be edited', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id, { ...phone, validFrom: new Date(Date.now() + DAY).toISOString() });
      const res = await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ validUntil: expect.any(String), validNow: false }));
      expect(await listIds(service.id, 'current')).toEqual([]);
      expect((await request(t.http).get(`/v1/services/${service.id}`).expect(200)).body.fallbackChannels).toEqual([]);
      await request(t.http).patch(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).send({ label: 'revived' }).expect(409);
    });

    it('changes nothing when the channel is already retired', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const first = await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).expect(200);
      const second = await expectNothingStored(() => request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)));
      expect(second.status).toBe(200);
      expect(second.body.validUntil).toBe(first.body.validUntil);
      // Nothing changed, so the service keeps its version (an If-Match holder is not turned away).
      expect(second.headers.etag).toBe(first.headers.etag);
      expect(await versionOf(service.id)).toBe(3);
    });

    it('answers 412 to a stale If-Match and changes nothing', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osaka.token)).set('If-Match', '"1"'));
      expect(res.status).toBe(412);
      expectErrorBody(res.body, 412);
      expect((await channelRow(channel.id)).valid_until).toBeNull();
      expect(await listIds(service.id)).toEqual([channel.id]);
    });

    it.each([
      [401, 'no token', () => ({})],
      [401, 'a malformed token', () => ({ Authorization: 'Bearer xyz' })],
      [401, 'a revoked token', () => bearer(revoked)],
      [403, 'a prefecture 01 token', () => bearer(hokkaido.token)],
      [403, 'a municipality 011002 token', () => bearer(sapporo.token)],
      [403, 'a ministry token', () => bearer(ministry.token)],
      [403, 'an npo token', () => bearer(npo.token)],
    ])('answers %i to %s, and retires nothing', async (status, _, headers) => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      const res = await expectNothingStored(() => request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(headers()));
      expect(res.status).toBe(status);
      expectErrorBody(res.body, status);
      expect((await channelRow(channel.id)).valid_until).toBeNull();
      expect(await versionOf(service.id)).toBe(2);
    });

    it('lets 大阪市 retire a channel of its own service', async () => {
      const service = await createService(t, osaka.token, '271004');
      const channel = await addChannel(service.id);
      await request(t.http).delete(`/v1/fallback-channels/${channel.id}`).set(bearer(osakaCity.token)).expect(200);
      expect(await listIds(service.id)).toEqual([]);
    });

    it('answers 404 for an unknown channel and 400 naming id for a malformed one', async () => {
      const missing = await expectNothingStored(() => request(t.http).delete(`/v1/fallback-channels/${UNKNOWN_ID}`).set(bearer(osaka.token)));
      expect(missing.status).toBe(404);
      expectErrorBody(missing.body, 404);
      const bad = await expectNothingStored(() => request(t.http).delete('/v1/fallback-channels/not-a-uuid').set(bearer(osaka.token)));
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['id']);
    });
  });
});
