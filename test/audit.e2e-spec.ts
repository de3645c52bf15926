import request from 'supertest';
import { bearer, createService, expectErrorBody, fieldsOf, issueTestTokens, serviceBody, startApp, TestApp, TestToken, unique, UNKNOWN_ID } from './support/app';
import type { Role } from './support/app';


/** Every key of every object inside a JSON value. */
function keysDeep(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, keys);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      keysDeep(v, keys);
    }
  }
  return keys;
}

interface Entry {
  id: string;
  occurredAt: string;
  actor: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  serviceId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

describe('audit (GET /v1/audit?serviceId=)', () => {
  let t: TestApp;
  let osaka: TestToken, hokkaido: TestToken, osakaCity: TestToken, ministry: TestToken, npo: TestToken;
  let revoked: string;

  // One service of 大阪市 taken through every kind of write, with each write's request id.
  let serviceId: string;
  let oldName: string;
  let newName: string;
  let channelId: string;
  let statusChangeId: string;
  const requestIds: Record<string, string> = {};

  const issue = (role: Role, scope?: string) => t.tokens.issue(role, scope, unique(`audit ${role}`));
  const audit = (token: string, query: Record<string, string | number>) => request(t.http).get('/v1/audit').set(bearer(token)).query(query);

  beforeAll(async () => {
    t = await startApp();
    ({ osaka, hokkaido, osakaCity, ministry, npo, revoked } = await issueTestTokens(t, 'audit'));

    const body = serviceBody('271004');
    oldName = body.name;
    newName = unique('改名後');
    const create = await request(t.http).post('/v1/services').set(bearer(osaka.token)).set('X-Request-Id', `audit-create-${process.pid}-${Date.now()}`).send(body).expect(201);
    serviceId = create.body.id;
    requestIds['service.create'] = create.headers['x-request-id'];
    const update = await request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(osaka.token)).send({ name: newName }).expect(200);
    requestIds['service.update'] = update.headers['x-request-id'];
    const change = await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(osaka.token)).send({ status: 'suspended', reason: '安全確認まで停止' }).expect(201);
    statusChangeId = change.body.id;
    requestIds['status_change.create'] = change.headers['x-request-id'];
    const channel = await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(osakaCity.token)).send({ kind: 'phone', label: '電話相談', contact: '06-1234-5678' }).expect(201);
    channelId = channel.body.id;
    requestIds['fallback_channel.create'] = channel.headers['x-request-id'];
    const channelUpdate = await request(t.http).patch(`/v1/fallback-channels/${channelId}`).set(bearer(osaka.token)).send({ label: '電話相談（平日）' }).expect(200);
    requestIds['fallback_channel.update'] = channelUpdate.headers['x-request-id'];
    const retire = await request(t.http).delete(`/v1/fallback-channels/${channelId}`).set(bearer(osaka.token)).expect(200);
    requestIds['fallback_channel.retire'] = retire.headers['x-request-id'];
    // A refused write leaves no entry.
    await request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(osaka.token)).set('If-Match', '"1"').send({ description: 'stale' }).expect(412);
  });
  afterAll(() => t.close());

  it('lists every write of the service, newest first, with action, actor, before/after and the write\'s request id', async () => {
    const res = await audit(ministry.token, { serviceId }).expect(200);
    const items: Entry[] = res.body.items;
    expect(res.body.nextCursor).toBeNull();
    expect(items.map((e) => e.action)).toEqual([
      'fallback_channel.retire',
      'fallback_channel.update',
      'fallback_channel.create',
      'status_change.create',
      'service.update',
      'service.create',
    ]);
    for (const e of items) {
      expect(e.serviceId).toBe(serviceId);
      expect(e.requestId).toBe(requestIds[e.action]);
      expect(Math.abs(Date.parse(e.occurredAt) - Date.now())).toBeLessThan(120_000);
    }
    expect(requestIds['service.create']).toMatch(/^audit-create-/);
    const byAction = new Map(items.map((e) => [e.action, e]));

    expect(byAction.get('service.create')).toEqual(
      expect.objectContaining({ actor: osaka.name, actorRole: 'prefecture', entityType: 'line_service', entityId: serviceId, before: null }),
    );
    expect(byAction.get('service.create')!.after).toEqual(expect.objectContaining({ id: serviceId, name: oldName, operatorCode: '271004', currentStatus: 'active', version: 1 }));

    const update = byAction.get('service.update')!;
    expect(update).toEqual(expect.objectContaining({ actor: osaka.name, entityType: 'line_service', entityId: serviceId }));
    expect(update.before).toEqual(expect.objectContaining({ name: oldName, version: 1 }));
    expect(update.after).toEqual(expect.objectContaining({ name: newName }));

    expect(byAction.get('status_change.create')).toEqual(
      expect.objectContaining({ actor: osaka.name, entityType: 'status_change', entityId: statusChangeId, before: null, after: expect.objectContaining({ status: 'suspended', reason: '安全確認まで停止', recordedBy: osaka.name }) }),
    );

    expect(byAction.get('fallback_channel.create')).toEqual(
      expect.objectContaining({ actor: osakaCity.name, actorRole: 'municipality', entityType: 'fallback_channel', entityId: channelId, before: null, after: expect.objectContaining({ label: '電話相談', contact: '06-1234-5678' }) }),
    );
    const channelUpdate = byAction.get('fallback_channel.update')!;
    expect(channelUpdate.before).toEqual(expect.objectContaining({ label: '電話相談' }));
    expect(channelUpdate.after).toEqual(expect.objectContaining({ label: '電話相談（平日）' }));
    const retire = byAction.get('fallback_channel.retire')!;
    expect(retire.before).toEqual(expect.objectContaining({ validUntil: null }));
    expect(retire.after).toEqual(expect.objectContaining({ validUntil: expect.any(String), validNow: false }));
  });

  it('records in after the service as the write left it (its new version), in before the old one', async () => {
    const items: Entry[] = (await audit(ministry.token, { serviceId }).expect(200)).body.items;
    const update = items.find((e) => e.action === 'service.update')!;
    // The PATCH answered ETag "2": after must say so, not repeat before's version.
    expect(update.before).toEqual(expect.objectContaining({ version: 1 }));
    expect(update.after).toEqual(expect.objectContaining({ name: newName, version: 2 }));
  });

  it('never shows token ids', async () => {
    const res = await audit(ministry.token, { serviceId }).expect(200);
    const keys = keysDeep(res.body);
    for (const key of ['tokenId', 'token_id', 'recordedByTokenId', 'recorded_by_token_id', 'tokenHash', 'token_hash']) expect(keys.has(key)).toBe(false);
    const json = JSON.stringify(res.body);
    expect(json).not.toContain(osaka.id);
    expect(json).not.toContain(osakaCity.id);
  });

  it('lets the owning prefecture read it, and no other', async () => {
    const own = await audit(osaka.token, { serviceId }).expect(200);
    expect(own.body.items).toHaveLength(6);
    for (const [token, status] of [
      [hokkaido.token, 403],
      [osakaCity.token, 403],
      [npo.token, 403],
    ] as const) {
      const res = await audit(token, { serviceId }).expect(status);
      expectErrorBody(res.body, status);
      expect(res.body.items).toBeUndefined();
    }
  });

  it('shows a prefecture only its own entries when it does not name a service', async () => {
    const sapporo = await issue('municipality', '011002');
    const elsewhere = await createService(t, sapporo.token, '011011');
    const oldest = async (id: string) => {
      const items: Entry[] = (await audit(ministry.token, { serviceId: id }).expect(200)).body.items;
      return BigInt(items[items.length - 1].id);
    };
    /** The service ids of a token's unfiltered view, newest first, back to the entry `until`. */
    const viewBackTo = async (token: string, until: bigint) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await audit(token, { limit: 500, ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.items.map((e: Entry) => e.serviceId));
        const last: Entry | undefined = res.body.items[res.body.items.length - 1];
        cursor = last && BigInt(last.id) > until ? res.body.nextCursor : null;
      } while (cursor);
      return seen;
    };
    const since = (await oldest(serviceId)) < (await oldest(elsewhere.id)) ? await oldest(serviceId) : await oldest(elsewhere.id);
    const osakaView = await viewBackTo(osaka.token, since);
    expect(osakaView).toContain(serviceId);
    expect(osakaView).not.toContain(elsewhere.id);
    const hokkaidoView = await viewBackTo(hokkaido.token, since);
    expect(hokkaidoView).toContain(elsewhere.id);
    expect(hokkaidoView).not.toContain(serviceId);
  });

  it('keeps a national body\'s trail for the ministry', async () => {
    const national = await createService(t, ministry.token, 'mic');
    const res = await audit(ministry.token, { serviceId: national.id }).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ action: 'service.create', actor: ministry.name, actorRole: 'ministry', serviceId: national.id })]);
    const refused = await audit(osaka.token, { serviceId: national.id }).expect(403);
    expectErrorBody(refused.body, 403);
  });

  it.each([
    ['no token', () => ({})],
    ['a malformed token', () => ({ Authorization: 'Bearer xyz' })],
    ['a revoked token', () => bearer(revoked)],
  ])('answers 401 to %s', async (_, headers) => {
    const res = await request(t.http).get('/v1/audit').set(headers()).query({ serviceId }).expect(401);
    expectErrorBody(res.body, 401);
  });

  it('pages with limit and nextCursor without duplicates or gaps', async () => {
    const all: Entry[] = (await audit(ministry.token, { serviceId }).expect(200)).body.items;
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await audit(ministry.token, { serviceId, limit: 4, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...res.body.items.map((e: Entry) => e.id));
      sizes.push(res.body.items.length);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([4, 2]);
    expect(seen).toEqual(all.map((e) => e.id));
  });

  it.each([
    [{ serviceId: 'not-a-uuid' }, 'serviceId'],
    [{ serviceId: UNKNOWN_ID, limit: '0' }, 'limit'],
    [{ serviceId: UNKNOWN_ID, cursor: 'not-a-cursor' }, 'cursor'],
    [{ serviceId: UNKNOWN_ID, actor: 'x' }, 'actor'],
  ])('rejects %j naming %s', async (query, field) => {
    const res = await audit(ministry.token, query).expect(400);
    expectErrorBody(res.body, 400);
    expect(fieldsOf(res.body)).toContain(field);
  });

  it('has nothing for a service it does not know', async () => {
    const res = await audit(ministry.token, { serviceId: UNKNOWN_ID }).expect(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });
});
