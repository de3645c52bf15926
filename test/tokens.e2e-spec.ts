import request from 'supertest';
import { formatTokenList } from '../src/access/token-list';
import { tokensServiceOver } from '../src/database/standalone';
import { bearer, serviceBody, startApp, TestApp, unique } from './support/app';

const DAY = 24 * 3600 * 1000;

describe('tokens: expiry, listing, last use', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  /** Moves a token's life into the past: created two days ago, expired yesterday. */
  const expire = (id: string) => t.db.query(`UPDATE access_tokens SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`, [id]);

  it('stores when a token expires, and serves it until then', async () => {
    const before = Date.now();
    const issued = await t.tokens.issue('municipality', '011002', unique('expiring'), 90 * DAY);
    expect(issued.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + 90 * DAY);
    expect(issued.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + 90 * DAY);
    const [row] = await t.db.query(`SELECT expires_at FROM access_tokens WHERE id = $1`, [issued.id]);
    expect(row.expires_at.getTime()).toBe(issued.expiresAt!.getTime());
    await request(t.http).post('/v1/services').set(bearer(issued.token)).send(serviceBody('011002')).expect(201);
  });

  it('answers an expired token with a 401 that says it expired, in English and in Japanese, and lets it sign in nowhere', async () => {
    const issued = await t.tokens.issue('prefecture', '27', unique('expired'), DAY);
    await expire(issued.id);
    const [{ expires_at: expiresAt }] = await t.db.query(`SELECT expires_at FROM access_tokens WHERE id = $1`, [issued.id]);

    const english = await request(t.http).post('/v1/services').set(bearer(issued.token)).send(serviceBody('271004')).expect(401);
    expect(english.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: `the token expired at ${expiresAt.toISOString()}; ask for a new one`, requestId: expect.any(String) });

    const japanese = await request(t.http).get('/v1/audit').set(bearer(issued.token)).set('Accept-Language', 'ja').expect(401);
    expect(japanese.body.messageJa).toMatch(/^このトークンは有効期限（\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}）を過ぎています。新しいトークンの発行を管理者に依頼してください$/);

    expect(await t.tokens.findActive(issued.token)).toBeNull();
    // A token that has not expired yet is still the unknown-or-revoked 401 when revoked.
    const revoked = await t.tokens.issue('prefecture', '27', unique('revoked'), DAY);
    await t.tokens.revoke(revoked.id);
    const gone = await request(t.http).get('/v1/audit').set(bearer(revoked.token)).expect(401);
    expect(gone.body.message).toBe('the token is unknown or revoked');
  });

  it('lists every token with role, scope, name, created, expires, last used and revoked, never the secret nor its hash', async () => {
    const used = await t.tokens.issue('prefecture', '27', unique('listed used'), 30 * DAY);
    const revoked = await t.tokens.issue('npo', undefined, unique('listed revoked'));
    const expired = await t.tokens.issue('ministry', undefined, unique('listed expired'), DAY);
    await request(t.http).get('/v1/audit').set(bearer(used.token)).expect(200);
    await t.tokens.revoke(revoked.id);
    await expire(expired.id);

    const listed = await t.tokens.list();
    const text = formatTokenList(listed);
    const [header, ...lines] = text.split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['id', 'role', 'scope', 'name', 'created', 'expires', 'last used', 'revoked']);
    const line = (id: string) => lines.find((l) => l.startsWith(id))!;
    const cells = (id: string) => line(id).split(/\s{2,}/);
    const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

    const [, role, scope, name, created, expires, lastUsed, revokedAt] = cells(used.id);
    expect([role, scope, name, revokedAt]).toEqual(['prefecture', '27', used.name, '-']);
    expect(created).toMatch(instant);
    expect(expires).toBe(`${used.expiresAt!.toISOString().slice(0, 19)}Z`);
    expect(lastUsed).toMatch(instant);
    expect(cells(revoked.id).slice(1)).toEqual(['npo', '-', revoked.name, expect.stringMatching(instant), 'never', 'never', expect.stringMatching(instant)]);
    expect(cells(expired.id)[5]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z \(expired\)$/);

    const [{ hash }] = await t.db.query(`SELECT token_hash AS hash FROM access_tokens WHERE id = $1`, [used.id]);
    for (const secret of [used.token, revoked.token, expired.token, hash]) expect(text).not.toContain(secret);
    for (const token of listed) expect(Object.keys(token).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role', 'scope']);
  });

  it('keeps last_used_at to the minute with one write, however many requests and instances', async () => {
    const other = await startApp();
    try {
      const issued = await t.tokens.issue('ministry', undefined, unique('busy'));
      // Every UPDATE of the row, even one that writes the same values, gives it a new xmin.
      const row = async () => (await t.db.query(`SELECT last_used_at, xmin::text AS version FROM access_tokens WHERE id = $1`, [issued.id]))[0];
      const untouched = await row();
      expect(untouched.last_used_at).toBeNull();

      await request(t.http).get('/v1/audit').set(bearer(issued.token)).expect(200);
      const first = await row();
      expect(first.last_used_at).toBeInstanceOf(Date);
      expect(first.version).not.toBe(untouched.version);

      await Promise.all(Array.from({ length: 20 }, (_, i) => request((i % 2 ? other : t).http).get('/v1/audit').set(bearer(issued.token)).expect(200)));
      await request(other.http).post('/v1/services').set(bearer(issued.token)).send(serviceBody('mhlw'));
      expect(await row()).toEqual(first);

      // A minute later (moved back here), the next use is recorded.
      await t.db.query(`UPDATE access_tokens SET last_used_at = last_used_at - interval '2 minutes' WHERE id = $1`, [issued.id]);
      const freshProcess = tokensServiceOver(t.db);
      await freshProcess.authenticate(`Bearer ${issued.token}`, 'test');
      const later = await row();
      expect(Date.now() - later.last_used_at.getTime()).toBeLessThan(60_000);
      expect(later.last_used_at.getTime()).toBeGreaterThan(first.last_used_at.getTime());
    } finally {
      await other.close();
    }
  });

  it('tells which token made a write: the audit log keeps its id (for the operator; the API shows its name)', async () => {
    const writer = await t.tokens.issue('municipality', '011002', unique('writer'));
    const created = await request(t.http).post('/v1/services').set(bearer(writer.token)).send(serviceBody('011002')).expect(201);
    const rows = await t.db.query(`SELECT token_id, actor, action FROM audit_log WHERE service_id = $1`, [created.body.id]);
    expect(rows).toEqual([{ token_id: writer.id, actor: writer.name, action: 'service.create' }]);
  });
});
