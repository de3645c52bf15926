import { Client } from 'pg';
import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { bearer, createService, startApp, TestApp, tokenFor } from '../support/app';
import { TEST_DATABASE_URL } from '../support/env';
import { expectStandardError, saveEnv, sleep } from '../support/faults/http';
import { faultsPrefix, releaseSuite } from '../support/faults/redis-keys';
import { TcpProxy } from '../support/faults/tcp-proxy';
import { waitFor } from '../support/worker';

// 京都市: no other suite writes there.
const OPERATOR = '261009';
const DATABASE = new URL(TEST_DATABASE_URL).pathname.slice(1);

/**
 * The API reaches PostgreSQL through a TCP proxy of the test's own on a free loopback
 * port. Taking the proxy down refuses new connections and cuts the open ones, as a
 * database that went away would; the machine's PostgreSQL itself is never touched.
 */
describe('PostgreSQL unreachable', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  let proxy: TcpProxy;
  let t: TestApp;
  let token: string;
  let serviceId: string;
  /** A direct connection for the test's own look-ups while the API's path is down. */
  let direct: Client;
  const prefix = faultsPrefix('pgdown');

  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    process.env.DATABASE_URL = viaProxy.toString();
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    direct = new Client({ connectionString: TEST_DATABASE_URL, application_name: 'line-tracker-test-faults' });
    await direct.connect();
    token = await tokenFor(t, 'prefecture', '26');
    serviceId = (await createService(t, token, OPERATOR)).id;
  }, 60_000);

  afterAll(async () => {
    await proxy?.open();
    await t?.close();
    await proxy?.close();
    await direct?.end();
    await releaseSuite({ prefixes: [prefix], restoreEnv });
  }, 30_000);

  const changesStored = async (reason: string): Promise<number> =>
    (await direct.query(`SELECT count(*)::int AS n FROM status_changes WHERE service_id = $1 AND reason = $2`, [serviceId, reason])).rows[0].n;

  it('answers 503 with the standard body, names the database in /health, and recovers by itself once it is back', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', reason: 'before the outage' }).expect(201);

    await proxy.close();
    const downSince = Date.now();

    const health = await request(t.http).get('/health');
    expectStandardError(health, 503);
    expect(health.body.details.map((d: { field: string }) => d.field)).toContain('database');

    // Writes: the first ones meet pooled connections that were cut, the later ones a refused connect.
    const writes: request.Response[] = [];
    for (let i = 0; i < 4; i++) {
      writes.push(await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'suspended', reason: 'during the outage' }));
    }
    writes.push(await request(t.http).patch(`/v1/services/${serviceId}`).set(bearer(token)).send({ description: 'during the outage' }));
    writes.push(await request(t.http).post(`/v1/services/${serviceId}/fallback-channels`).set(bearer(token)).send({ kind: 'phone', label: 'during the outage', contact: '0120-000-000' }));
    writes.push(await request(t.http).post('/v1/services').set(bearer(token)).send({ operatorCode: OPERATOR, name: `during the outage ${Date.now()}`, category: 'information', audiences: ['general'], handlesPersonalData: false }));
    const reads = [await request(t.http).get(`/v1/services/${serviceId}`), await request(t.http).get('/v1/local-governments').query({ prefecture: '26' })];
    for (const res of [...writes, ...reads]) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 503, body: expect.objectContaining({ statusCode: 503 }) });
      expectStandardError(res, 503);
      expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), requestId: expect.any(String) });
    }
    // Answered promptly, not after a hang.
    expect(Date.now() - downSince).toBeLessThan(20_000);
    expect(await changesStored('during the outage')).toBe(0);

    await proxy.open();
    const backSince = Date.now();
    await waitFor(async () => ((await request(t.http).get('/health')).status === 200 ? true : undefined), 15_000, 100);
    const written = await waitFor(
      async () => {
        const res = await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', reason: 'after the outage' });
        return res.status === 201 ? res : undefined;
      },
      15_000,
      100,
    );
    expect(written.body.status).toBe('active');
    expect(Date.now() - backSince).toBeLessThan(30_000);
    expect(await changesStored('after the outage')).toBe(1);
    // And it stays up: a handful of requests in a row all succeed.
    for (let i = 0; i < 5; i++) await request(t.http).get(`/v1/services/${serviceId}`).expect(200);
  }, 90_000);

  it('when the server terminates the API\'s own connections, answers 2xx or 503 (never 500) and goes on by itself', async () => {
    // Warm the pool, so that there are connections to lose.
    await Promise.all(Array.from({ length: 6 }, () => request(t.http).get(`/v1/services/${serviceId}`).expect(200)));
    // Only this API's backends: its application name, this database, and the ports of this proxy's connections.
    const terminateOwn = async () => {
      const ports = proxy.upstreamPorts;
      const { rows } = await direct.query(
        `SELECT pid, pg_terminate_backend(pid) AS terminated FROM pg_stat_activity
          WHERE application_name = 'line-tracker-api' AND datname = $1 AND client_port = ANY ($2::int[])`,
        [DATABASE, ports],
      );
      return rows.length;
    };
    const send = (n: number) =>
      Array.from({ length: n }, (_, i) => request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: i % 2 ? 'active' : 'suspended', reason: 'after termination' }));

    // Idle connections terminated, then writes.
    expect(await terminateOwn()).toBeGreaterThan(0);
    await sleep(50);
    const answers = await Promise.all(send(8));
    // Connections terminated while the writes are in flight (slowed down by the proxy so that they are).
    proxy.setLatency(100);
    const inFlight = Promise.all(send(8));
    await sleep(150);
    expect(await terminateOwn()).toBeGreaterThan(0);
    answers.push(...(await inFlight));
    proxy.setLatency(0);
    for (const res of answers) {
      expect([201, 503]).toContain(res.status);
      if (res.status === 503) expectStandardError(res, 503);
    }
    // Every 201 is stored (a 503 whose COMMIT had already reached the server may be stored too).
    const stored = await changesStored('after termination');
    expect(stored).toBeGreaterThanOrEqual(answers.filter((a) => a.status === 201).length);
    expect(stored).toBeLessThanOrEqual(answers.length);
    await waitFor(
      async () => ((await request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send({ status: 'active', reason: 'recovered' })).status === 201 ? true : undefined),
      15_000,
      100,
    );
    await request(t.http).get('/health').expect(200);
  }, 60_000);
});
