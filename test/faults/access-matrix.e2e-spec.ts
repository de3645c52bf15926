import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { webhookUrlProblem } from '../../src/notifications/url-guard';
import { bearer, createService, serviceBody, startApp, TestApp, unique } from '../support/app';
import type { Role } from '../support/app';
import { expectStandardError, saveEnv } from '../support/faults/http';
import { faultsPrefix, releaseSuite } from '../support/faults/redis-keys';

// Fixed date: 2021-03-26 (the seed cases' suspension) in an import row whose target is not
// the actor's: refused whatever the date. Times ahead are taken from the clock.

/**
 * Who may write what. The services sit where no other suite writes: 東京都 (13), with
 * 千代田区 (131016) and 八王子市 (132012) in it; 宮城県 (04); and 内閣府 (cao).
 */
interface Target {
  key: string;
  serviceId: string;
  operatorCode: string;
  channelId: string;
  scheduledChangeId: string;
}

interface Caller {
  role: Role;
  scope?: string;
  token: string;
  tokenId: string;
  /** The targets outside this caller's jurisdiction. */
  outside: string[];
  /** Operator codes outside this caller's jurisdiction, for POST /v1/services. */
  outsideOperators: string[];
}

type Send = (token: string | null, target: Target) => request.Test;
/** A request about one webhook subscription, by its id. */
type SendOwned = (token: string | null, webhookId: string) => request.Test;

const ROLES: Role[] = ['ministry', 'prefecture', 'municipality', 'npo'];

const CSV_HEADER = 'record_type,service_id,status,effective_at,reason';

describe('access: jurisdiction, authentication, private webhook URLs, rate limit', () => {
  const restoreEnv = saveEnv(['WEBHOOK_ALLOW_PRIVATE', 'QUEUE_PREFIX', 'RATE_LIMIT_PER_MINUTE', 'RATE_LIMIT_WRITES_PER_MINUTE']);
  let t: TestApp;
  const targets = new Map<string, Target>();
  const callers: Caller[] = [];
  let revoked: string;
  let foreignWebhookId: string;
  const prefix = faultsPrefix('access');
  const ratePrefix = faultsPrefix('rate');

  const issue = async (role: Role, scope?: string) => {
    const issued = await t.tokens.issue(role, scope, unique(`access ${role}`));
    return { token: issued.token, tokenId: issued.id };
  };

  /** Everything a write to the target could change, plus what the caller's token could have created. */
  const footprint = async (target: Target, tokenId?: string) => {
    const [row] = await t.db.query(
      `SELECT s.version, s.updated_at, s.current_status, s.name, s.description,
              (SELECT count(*)::int FROM status_changes c WHERE c.service_id = s.id) AS changes,
              (SELECT count(*)::int FROM status_changes c WHERE c.service_id = s.id AND c.withdrawn_at IS NOT NULL) AS withdrawn,
              (SELECT count(*)::int FROM fallback_channels f WHERE f.service_id = s.id) AS channels,
              (SELECT max(f.updated_at) FROM fallback_channels f WHERE f.service_id = s.id) AS channels_updated,
              (SELECT count(*)::int FROM fallback_channels f WHERE f.service_id = s.id AND f.valid_until IS NOT NULL) AS retired,
              (SELECT count(*)::int FROM audit_log a WHERE a.service_id = s.id) AS audit,
              (SELECT count(*)::int FROM evaluation_requests e WHERE e.service_id = s.id) AS evaluations,
              (SELECT count(*)::int FROM audit_log a WHERE a.token_id = $2) AS by_token,
              (SELECT count(*)::int FROM webhook_subscriptions w WHERE w.token_id = $2) AS webhooks_of_token,
              (SELECT w.status || ' ' || w.consecutive_failures || ' ' || coalesce(w.paused_at::text, '-') FROM webhook_subscriptions w WHERE w.id = $3) AS foreign_webhook
         FROM line_services s WHERE s.id = $1`,
      [target.serviceId, tokenId ?? null, foreignWebhookId ?? null],
    );
    return row;
  };

  const WRITES: Record<string, Send> = {
    'POST /v1/services': (token, target) => request(t.http).post('/v1/services').set(token ? bearer(token) : {}).send(serviceBody(target.operatorCode)),
    'PATCH /v1/services/:id': (token, target) => request(t.http).patch(`/v1/services/${target.serviceId}`).set(token ? bearer(token) : {}).send({ description: 'not yours' }),
    'POST /v1/services/:id/status-changes': (token, target) =>
      request(t.http).post(`/v1/services/${target.serviceId}/status-changes`).set(token ? bearer(token) : {}).send({ status: 'discontinued', reason: 'not yours' }),
    'POST /v1/services/:id/status-changes/:changeId/withdraw': (token, target) =>
      request(t.http).post(`/v1/services/${target.serviceId}/status-changes/${target.scheduledChangeId}/withdraw`).set(token ? bearer(token) : {}),
    'POST /v1/services/:id/fallback-channels': (token, target) =>
      request(t.http).post(`/v1/services/${target.serviceId}/fallback-channels`).set(token ? bearer(token) : {}).send({ kind: 'phone', label: 'not yours', contact: '0120-000-000' }),
    'PATCH /v1/fallback-channels/:id': (token, target) => request(t.http).patch(`/v1/fallback-channels/${target.channelId}`).set(token ? bearer(token) : {}).send({ label: 'not yours' }),
    'DELETE /v1/fallback-channels/:id': (token, target) => request(t.http).delete(`/v1/fallback-channels/${target.channelId}`).set(token ? bearer(token) : {}),
    'POST /v1/imports': (token, target) =>
      request(t.http)
        .post('/v1/imports')
        .set(token ? bearer(token) : {})
        .set('Content-Type', 'text/csv')
        .send(`${CSV_HEADER}\nstatus_change,${target.serviceId},discontinued,2021-03-26T00:00:00+09:00,not yours\n`),
  };
  /**
   * The endpoints that take the id of something a token owns: a webhook subscription (and its
   * delivery log). Nothing else in the API is owned by a token (services, timelines and channels
   * belong to jurisdictions, imports and audit entries have no endpoint by id, tokens are made on
   * the command line). A subscription is its creating token's only: everyone else gets the 404 of
   * an id that does not exist.
   */
  const OWNED: Record<string, SendOwned> = {
    'GET /v1/webhooks/:id/deliveries': (token, id) => request(t.http).get(`/v1/webhooks/${id}/deliveries`).set(token ? bearer(token) : {}),
    'POST /v1/webhooks/:id/resume': (token, id) => request(t.http).post(`/v1/webhooks/${id}/resume`).set(token ? bearer(token) : {}),
    'DELETE /v1/webhooks/:id': (token, id) => request(t.http).delete(`/v1/webhooks/${id}`).set(token ? bearer(token) : {}),
  };
  /** POST /v1/webhooks is open to every valid token (its own subscriptions); it is in the 401 checks only. */
  const createWebhook: Send = (token) =>
    request(t.http)
      .post('/v1/webhooks')
      .set(token ? bearer(token) : {})
      .send({ url: 'http://127.0.0.1:9/hook', events: ['gap.opened'], prefectureCodes: ['13'] });

  beforeAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE = 'false';
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();

    const tokyo = await issue('prefecture', '13');
    const miyagi = await issue('prefecture', '04');
    const ministry = await issue('ministry');
    const chiyoda = await issue('municipality', '131016');
    const npo = await issue('npo');
    const owners: Record<string, { token: string; operatorCode: string }> = {
      chiyoda: { token: tokyo.token, operatorCode: '131016' },
      hachioji: { token: tokyo.token, operatorCode: '132012' },
      miyagi: { token: miyagi.token, operatorCode: '040002' },
      cao: { token: ministry.token, operatorCode: 'cao' },
    };
    for (const [key, owner] of Object.entries(owners)) {
      const service = await createService(t, owner.token, owner.operatorCode);
      const channel = await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(owner.token)).send({ kind: 'phone', label: '電話', contact: '0120-000-000' }).expect(201);
      const scheduled = await request(t.http)
        .post(`/v1/services/${service.id}/status-changes`)
        .set(bearer(owner.token))
        .send({ status: 'suspended', effectiveAt: new Date(Date.now() + 30 * 86_400_000).toISOString() })
        .expect(201);
      targets.set(key, { key, serviceId: service.id, operatorCode: owner.operatorCode, channelId: channel.body.id, scheduledChangeId: scheduled.body.id });
    }
    callers.push(
      { role: 'ministry', ...ministry, outside: ['chiyoda', 'hachioji', 'miyagi'], outsideOperators: ['131016', '040002'] },
      { role: 'prefecture', scope: '13', ...tokyo, outside: ['miyagi', 'cao'], outsideOperators: ['040002', 'cao'] },
      { role: 'municipality', scope: '131016', ...chiyoda, outside: ['hachioji', 'miyagi', 'cao'], outsideOperators: ['132012', '130001', 'cao'] },
      { role: 'npo', ...npo, outside: ['chiyoda', 'hachioji', 'miyagi', 'cao'], outsideOperators: ['131016', 'cao'] },
    );
    // A subscription of another token's (made directly: this app refuses loopback URLs), paused,
    // so that no worker delivers to it and a resume would show.
    const [subscription] = await t.db.query(
      `INSERT INTO webhook_subscriptions (token_id, url, secret, event_types, prefecture_codes, status, consecutive_failures, paused_at)
       VALUES ($1, 'http://127.0.0.1:9/hook', 'whsec_test', '{gap.opened}', '{13}', 'paused', 5, now()) RETURNING id`,
      [miyagi.tokenId],
    );
    foreignWebhookId = subscription.id;
    const gone = await t.tokens.issue('prefecture', '13', unique('access revoked'));
    expect(await t.tokens.revoke(gone.id)).toBe(true);
    revoked = gone.token;
  }, 60_000);

  afterAll(async () => {
    if (foreignWebhookId) await t?.db.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [foreignWebhookId]);
    await t?.close();
    await releaseSuite({ prefixes: [prefix, ratePrefix], restoreEnv });
  });

  describe.each(ROLES)('a %s token', (role) => {
    it('is refused POST /v1/services for an operator outside its jurisdiction, and nothing is created', async () => {
      const caller = callers.find((c) => c.role === role)!;
      for (const operatorCode of caller.outsideOperators) {
        // The service sent, by its operator and name (other suites create services of these operators meanwhile), and the caller's audit entries.
        const body = serviceBody(operatorCode);
        const count = async () =>
          (await t.db.query(`SELECT (SELECT count(*)::int FROM line_services WHERE operator_code = $1 AND name = $3) AS services, (SELECT count(*)::int FROM audit_log WHERE token_id = $2) AS audit`, [operatorCode, caller.tokenId, body.name]))[0];
        const before = await count();
        const res = await request(t.http).post('/v1/services').set(bearer(caller.token)).send(body);
        expect({ role, operatorCode, status: res.status }).toEqual({ role, operatorCode, status: 403 });
        expectStandardError(res, 403);
        expect({ role, operatorCode, after: await count() }).toEqual({ role, operatorCode, after: before });
      }
    });

    it.each(Object.keys(WRITES).filter((e) => e !== 'POST /v1/services'))('is refused %s outside its jurisdiction, and nothing changes', async (endpoint) => {
      const caller = callers.find((c) => c.role === role)!;
      for (const key of caller.outside) {
        const target = targets.get(key)!;
        const before = await footprint(target, caller.tokenId);
        const res = await WRITES[endpoint](caller.token, target);
        const where = { role, endpoint, target: key, status: res.status };
        if (endpoint === 'POST /v1/imports' && (role === 'prefecture' || role === 'municipality')) {
          // An import is checked whole: a row naming someone else's service is one of its errors (422).
          expect({ ...where, body: res.body }).toEqual({ ...where, status: 422, body: expect.objectContaining({ message: expect.stringMatching(/jurisdiction/) }) });
          expectStandardError(res, 422);
        } else {
          expect({ ...where, body: res.body }).toEqual({ ...where, status: 403, body: expect.anything() });
          expectStandardError(res, 403);
        }
        expect({ ...where, after: await footprint(target, caller.tokenId) }).toEqual({ ...where, after: before });
      }
    });
  });

  describe.each([
    ['no token', () => null],
    ['a malformed token', () => 'xyz'],
    ['a token of the right shape nobody issued', () => `lct_${'A'.repeat(43)}`],
    ['a revoked token', () => revoked],
  ])('with %s', (_, token) => {
    it.each([...Object.keys(WRITES), ...Object.keys(OWNED), 'POST /v1/webhooks'])('%s answers 401, and nothing changes', async (endpoint) => {
      const target = targets.get('chiyoda')!;
      const send: Send = endpoint === 'POST /v1/webhooks' ? createWebhook : (WRITES[endpoint] ?? ((tok) => OWNED[endpoint](tok, foreignWebhookId)));
      const before = await footprint(target);
      const res = await send(token(), target);
      expect({ endpoint, status: res.status }).toEqual({ endpoint, status: 401 });
      expectStandardError(res, 401);
      expect({ endpoint, after: await footprint(target) }).toEqual({ endpoint, after: before });
    });
  });

  it('answers 401 to other malformed Authorization headers', async () => {
    const target = targets.get('chiyoda')!;
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer  ', `Bearer ${revoked} extra`, `bearer${revoked}`, `Token ${revoked}`, 'Bearer lct_\u00e9\u00e9', `Bearer ${'x'.repeat(4000)}`]) {
      const before = await footprint(target);
      const res = await request(t.http).patch(`/v1/services/${target.serviceId}`).set('Authorization', header).send({ description: 'x' });
      expect({ header: header.slice(0, 40), status: res.status }).toEqual({ header: header.slice(0, 40), status: 401 });
      expectStandardError(res, 401);
      expect(await footprint(target)).toEqual(before);
    }
  });

  describe('webhook subscriptions and their delivery logs: the creating token\'s only, a 404 to every other token', () => {
    interface Holder {
      label: string;
      role: Role;
      token: string;
      tokenId: string;
    }
    /** Two tokens of each role, of the same scope: the second is "another token of the same role". */
    const holders: Holder[] = [];
    const subscriptionOf = new Map<string, string>();
    let eventId: string;

    /** Everything a request about the subscription could change. */
    const state = async (id: string) =>
      (
        await t.db.query(
          `SELECT s.token_id, s.url, s.status, s.consecutive_failures, s.paused_at::text AS paused_at,
                  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.id) AS deliveries
             FROM webhook_subscriptions s WHERE s.id = $1`,
          [id],
        )
      )[0] ?? null;

    /** What a 404 shows, the id it names replaced: the same for a subscription that exists and for one that never did. */
    const shape = (res: request.Response, id: string) => ({
      status: res.status,
      contentType: res.headers['content-type'],
      contentLength: res.headers['content-length'],
      headers: Object.keys(res.headers).sort(),
      keys: Object.keys(res.body).sort(),
      statusCode: res.body.statusCode,
      error: res.body.error,
      message: String(res.body.message).split(id).join('<id>'),
      details: res.body.details,
    });

    beforeAll(async () => {
      const scopes: Record<Role, string | undefined> = { ministry: undefined, prefecture: '13', municipality: '131016', npo: undefined };
      for (const role of ROLES) {
        for (const n of [1, 2]) holders.push({ label: `${role} #${n}`, role, ...(await issue(role, scopes[role])) });
      }
      // An event already dispatched (no relay picks it up), for the delivery logs to name.
      const [event] = await t.db.query(`INSERT INTO events (type, data, dispatched_at) VALUES ('gap.opened', '{}'::jsonb, now()) RETURNING id`);
      eventId = event.id;
      for (const holder of holders) {
        // A public address (an IP literal: no name is resolved), so this app takes it; paused below, nothing is sent to it.
        const created = await request(t.http).post('/v1/webhooks').set(bearer(holder.token)).send({ url: 'https://8.8.8.8/hook', events: ['gap.opened'], prefectureCodes: ['13'] });
        expect({ holder: holder.label, status: created.status }).toEqual({ holder: holder.label, status: 201 });
        // Paused after failed deliveries, with a log: no worker delivers to it, a resume has something to change, a read something to show.
        await t.db.query(`UPDATE webhook_subscriptions SET status = 'paused', consecutive_failures = 5, paused_at = now() WHERE id = $1`, [created.body.id]);
        await t.db.query(
          `INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status_code, duration_ms, error, succeeded) VALUES ($1, $2, 1, 500, 12, 'receiver answered 500', false)`,
          [created.body.id, eventId],
        );
        subscriptionOf.set(holder.label, created.body.id);
      }
    }, 60_000);

    afterAll(async () => {
      await t?.db.query(`DELETE FROM webhook_subscriptions WHERE id = ANY ($1::uuid[])`, [[...subscriptionOf.values()]]);
      if (eventId) await t?.db.query(`DELETE FROM events WHERE id = $1`, [eventId]);
    });

    it.each(ROLES)(
      'a %s token\'s subscription: every other token (the same role\'s, every other role\'s) gets the 404 of an unknown id and changes nothing; its owner reads the log, resumes and deletes it',
      async (role) => {
        const owner = holders.find((h) => h.role === role)!;
        const id = subscriptionOf.get(owner.label)!;
        const others = holders.filter((h) => h !== owner);
        expect(others.filter((o) => o.role === role)).toHaveLength(1);
        expect(new Set(others.map((o) => o.role))).toEqual(new Set(ROLES));

        for (const other of others) {
          const listed = await request(t.http).get('/v1/webhooks').set(bearer(other.token)).expect(200);
          // Its own subscription at most (the tests before this one deleted some).
          const notOwn = listed.body.items.map((w: { id: string }) => w.id).filter((listedId: string) => listedId !== subscriptionOf.get(other.label));
          expect({ caller: other.label, notOwn }).toEqual({ caller: other.label, notOwn: [] });
          for (const [endpoint, send] of Object.entries(OWNED)) {
            const where = { owner: owner.label, caller: other.label, endpoint };
            const unknownId = randomUUID();
            const unknown = await send(other.token, unknownId);
            expect({ ...where, status: unknown.status }).toEqual({ ...where, status: 404 });
            const before = await state(id);
            const res = await send(other.token, id);
            expect({ ...where, shape: shape(res, id) }).toEqual({ ...where, shape: shape(unknown, unknownId) });
            expectStandardError(res, 404);
            expect({ ...where, after: await state(id) }).toEqual({ ...where, after: before });
          }
        }

        const log = await OWNED['GET /v1/webhooks/:id/deliveries'](owner.token, id);
        expect(log.status).toBe(200);
        expect(log.body.items).toEqual([expect.objectContaining({ eventId, eventType: 'gap.opened', attempt: 1, statusCode: 500, succeeded: false, error: 'receiver answered 500' })]);
        const resumed = await OWNED['POST /v1/webhooks/:id/resume'](owner.token, id);
        expect(resumed.status).toBe(200);
        expect(resumed.body).toEqual(expect.objectContaining({ id, status: 'active', consecutiveFailures: 0, pausedAt: null }));
        await OWNED['DELETE /v1/webhooks/:id'](owner.token, id).expect(204);
        expect(await state(id)).toBeNull();
        // Gone: now the owner gets the same 404 as everyone else.
        const gone = await OWNED['GET /v1/webhooks/:id/deliveries'](owner.token, id);
        const unknownId = randomUUID();
        expect(shape(gone, id)).toEqual(shape(await OWNED['GET /v1/webhooks/:id/deliveries'](owner.token, unknownId), unknownId));
        expectStandardError(gone, 404);
      },
    );

    it('answers another token\'s subscription exactly as a random UUID: status, error, message, fields, headers', async () => {
      // The ministry's second token's subscription (the tests above delete the first tokens'), asked by a prefecture.
      const [owner, other] = [holders.find((h) => h.label === 'ministry #2')!, holders.find((h) => h.label === 'prefecture #2')!];
      const id = subscriptionOf.get(owner.label)!;
      for (const [endpoint, send] of Object.entries(OWNED)) {
        const unknownId = randomUUID();
        const [theirs, nobodys] = [await send(other.token, id), await send(other.token, unknownId)];
        expect({ endpoint, status: theirs.status, error: theirs.body.error, message: theirs.body.message }).toEqual({
          endpoint,
          status: 404,
          error: 'Not Found',
          message: `webhook ${id} not found`,
        });
        expect({ endpoint, status: nobodys.status, error: nobodys.body.error, message: nobodys.body.message }).toEqual({
          endpoint,
          status: 404,
          error: 'Not Found',
          message: `webhook ${unknownId} not found`,
        });
        expect({ endpoint, shape: shape(theirs, id) }).toEqual({ endpoint, shape: shape(nobodys, unknownId) });
      }
    });
  });

  describe('webhook URLs to loopback or private addresses (WEBHOOK_ALLOW_PRIVATE=false)', () => {
    const PRIVATE_URLS = [
      'http://127.0.0.1/hook',
      'http://127.0.0.1:3000/hook',
      'http://127.1/hook',
      'http://2130706433/hook',
      'http://0x7f000001/hook',
      'http://0177.0.0.1/hook',
      'http://localhost/hook',
      'http://LOCALHOST:8080/hook',
      'http://sub.localhost/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[::]/hook',
      'http://0.0.0.0/hook',
      'http://10.0.0.1/hook',
      'http://10.255.255.255/hook',
      'http://172.16.0.1/hook',
      'http://172.31.255.1/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://198.18.0.1/hook',
      'http://224.0.0.1/hook',
      'http://[fe80::1]/hook',
      'http://[fc00::1]/hook',
      'http://[fd12:3456:789a::1]/hook',
      'https://127.0.0.1/hook',
    ];

    it.each(PRIVATE_URLS)('refuses %s with a 400 naming url, and stores nothing', async (url) => {
      const caller = callers.find((c) => c.role === 'npo')!;
      const res = await request(t.http).post('/v1/webhooks').set(bearer(caller.token)).send({ url, events: ['gap.opened'] });
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expectStandardError(res, 400);
      expect(res.body.details).toEqual([{ field: 'url', message: expect.any(String) }]);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM webhook_subscriptions WHERE token_id = $1`, [caller.tokenId]);
      expect(n).toBe(0);
    });

    it('would take a public address (checked without any network traffic)', async () => {
      expect(await webhookUrlProblem('https://8.8.8.8/hook', false)).toBeNull();
      expect(await webhookUrlProblem('http://[2001:4860:4860::8888]/hook', false)).toBeNull();
    });
  });

  describe('rate limit', () => {
    let limited: TestApp;
    beforeAll(async () => {
      // An API of its own with a small limit, counting in Redis under a prefix of its own.
      process.env.RATE_LIMIT_PER_MINUTE = '5';
      process.env.RATE_LIMIT_WRITES_PER_MINUTE = '2';
      process.env.QUEUE_PREFIX = ratePrefix;
      resetAppConfig();
      limited = await startApp();
    });
    afterAll(async () => {
      await limited?.close();
    });

    it('answers 429 with Retry-After and the standard body once a client passes the limit, also on writes, which then store nothing', async () => {
      const caller = callers.find((c) => c.role === 'prefecture')!;
      const target = targets.get('chiyoda')!;
      for (let i = 0; i < 5; i++) await request(limited.http).get('/v1/national-bodies').expect(200);
      // Writes with a token are counted per token: the address's reads left its budget whole.
      const changeStatus = (status: string) => request(limited.http).post(`/v1/services/${target.serviceId}/status-changes`).set(bearer(caller.token)).send({ status, reason: 'over the limit' });
      await changeStatus('suspended').expect(201);
      await changeStatus('active').expect(201);
      const before = await footprint(target, caller.tokenId);
      const write = await changeStatus('suspended');
      expect(write.status).toBe(429);
      expectStandardError(write, 429);
      expect(Number(write.headers['retry-after'])).toBeGreaterThan(0);
      expect(await footprint(target, caller.tokenId)).toEqual(before);
      const read = await request(limited.http).get(`/v1/services/${target.serviceId}`);
      expectStandardError(read, 429);
      await request(limited.http).get('/health').expect(200);
    });
  });
});
