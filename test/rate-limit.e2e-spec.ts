import request from 'supertest';
import { RATE_SYNC_MS } from '../src/common/rate-limit';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, serviceBody, startApp, TestApp, unique } from './support/app';
import { OwnRedis } from './support/redis-server';
import { waitFor } from './support/worker';

const READS = 5;
const WRITES = 3;
const synced = () => new Promise((resolve) => setTimeout(resolve, 3 * RATE_SYNC_MS));

describe('rate limiting, security headers and CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = String(READS);
    process.env.RATE_LIMIT_WRITES_PER_MINUTE = String(WRITES);
    // Counters of their own in Redis, so the other suites' requests do not count here.
    process.env.QUEUE_PREFIX = `line-tracker-test-rate-${process.pid}-${Date.now()}`;
    process.env.CORS_ORIGINS = 'https://npo.example.jp';
    // One reverse proxy in front: the client is the last X-Forwarded-For address.
    process.env.TRUST_PROXY = '1';
    resetAppConfig();
    t = await startApp();
  });
  afterAll(() => t.close());

  /** A client address no other test uses (as the proxy would append it). */
  let clients = 0;
  const newClient = () => `203.0.113.${++clients}`;

  it('answers 429 with Retry-After once a client passes the limit, and keeps /health open', async () => {
    for (let i = 0; i < READS; i++) await request(t.http).get('/v1/national-bodies').expect(200);
    const limited = await request(t.http).get('/v1/local-governments/011002').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toEqual(expect.objectContaining({ statusCode: 429, error: 'Too Many Requests', requestId: expect.any(String) }));
    await request(t.http).get('/health').expect(200);
  });

  it('counts in each process and shares the counts through Redis: two instances limit a client together', async () => {
    const other = await startApp();
    try {
      const client = { 'X-Forwarded-For': newClient() };
      const asked = (app: TestApp) => request(app.http).get('/v1/national-bodies').set(client);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await asked(t)).status);
      await synced();
      statuses.push((await asked(other)).status);
      await synced();
      // The other instance has learnt the first one's three: its second is the fifth, its third the sixth.
      statuses.push((await asked(other)).status, (await asked(other)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await other.close();
    }
  });

  it('takes the client address from the trusted hop only: addresses a client puts before it choose nothing', async () => {
    const client = newClient();
    for (let i = 0; i < READS; i++) await request(t.http).get('/v1/national-bodies').set('X-Forwarded-For', client).expect(200);
    // A client sends an X-Forwarded-For of its own; the proxy appends the address it saw.
    for (const spoofed of ['198.51.100.1', '198.51.100.2, 10.0.0.1', '127.0.0.1']) {
      const res = await request(t.http).get('/v1/national-bodies').set('X-Forwarded-For', `${spoofed}, ${client}`);
      expect(res.status).toBe(429);
    }
    // The last address is the client: another address there is another client.
    await request(t.http).get('/v1/national-bodies').set('X-Forwarded-For', `${client}, ${newClient()}`).expect(200);
  });

  it('limits writes per token: two offices behind one address each get their own budget, and their writes leave the address its reads', async () => {
    const office = { 'X-Forwarded-For': newClient() };
    const [sapporo, osaka] = await Promise.all([t.tokens.issue('municipality', '011002', unique('rate sapporo')), t.tokens.issue('prefecture', '27', unique('rate osaka'))]);
    const write = (token: string, code: string) => request(t.http).post('/v1/services').set(office).set(bearer(token)).send(serviceBody(code));
    for (let i = 0; i < WRITES; i++) await write(sapporo.token, '011002').expect(201);
    const limited = await write(sapporo.token, '011002').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toEqual(expect.objectContaining({ statusCode: 429, requestId: expect.any(String) }));
    // The other office's token, from the same address, has its whole budget.
    for (let i = 0; i < WRITES; i++) await write(osaka.token, '271004').expect(201);
    await write(osaka.token, '271004').expect(429);
    // The writes did not spend the address's budget.
    for (let i = 0; i < READS; i++) await request(t.http).get('/v1/national-bodies').set(office).expect(200);
  });

  it('counts a token\'s writes from several addresses on several instances together', async () => {
    const other = await startApp();
    try {
      const issued = await t.tokens.issue('municipality', '011002', unique('rate roaming'));
      const write = (app: TestApp) => request(app.http).post('/v1/services').set('X-Forwarded-For', newClient()).set(bearer(issued.token)).send(serviceBody('011002'));
      const statuses: number[] = [];
      for (let i = 0; i < WRITES - 1; i++) statuses.push((await write(t)).status);
      await synced();
      statuses.push((await write(other)).status);
      await synced();
      // The other instance has learnt the first one's writes: its second is one too many.
      statuses.push((await write(other)).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_log WHERE token_id = $1 AND action = 'service.create'`, [issued.id]);
      expect(count).toBe(WRITES);
    } finally {
      await other.close();
    }
  });

  it('counts writes with a bad token against the address, so guessing tokens is limited too', async () => {
    const guesser = { 'X-Forwarded-For': newClient() };
    const guess = () => request(t.http).post('/v1/services').set(guesser).set(bearer(`lct_${unique('x').replace(/\W/g, '_').padEnd(43, 'x').slice(0, 43)}`)).send(serviceBody('011002'));
    for (let i = 0; i < READS; i++) await guess().expect(401);
    await guess().expect(429);
  });

  it('sends security headers and CORS only to the configured origins', async () => {
    const res = await request(t.http).get('/health').set('Origin', 'https://npo.example.jp').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('https://npo.example.jp');
    const other = await request(t.http).get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limiting while Redis is unreachable', () => {
  let redis: OwnRedis;
  let t: TestApp;

  beforeAll(async () => {
    // A Redis of the test's own, stopped once the app is up, and started again before it
    // closes (BullMQ's queues do not close while their Redis is away).
    redis = await OwnRedis.start();
    process.env.REDIS_URL = redis.url;
    process.env.RATE_LIMIT_PER_MINUTE = String(READS);
    process.env.RATE_LIMIT_WRITES_PER_MINUTE = String(WRITES);
    process.env.TRUST_PROXY = '1';
    resetAppConfig();
    t = await startApp();
    await redis.stop();
  });
  afterAll(async () => {
    await redis?.start();
    // Closed once every connection is back: a queue closed while reconnecting keeps retrying.
    if (t) await waitFor(async () => ((await request(t.http).get('/health')).status === 200 ? true : undefined), 15000, 100);
    await t?.close();
    await redis?.stop();
    delete process.env.REDIS_URL;
    resetAppConfig();
  });

  it('fails open to this instance\'s own counts: requests are served, and each instance still limits on what it saw', async () => {
    const client = { 'X-Forwarded-For': '198.51.100.200' };
    for (let i = 0; i < READS; i++) {
      await request(t.http).get('/v1/national-bodies').set(client).expect(200);
      await synced();
    }
    const limited = await request(t.http).get('/v1/national-bodies').set(client).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const issued = await t.tokens.issue('municipality', '011002', unique('rate no redis'));
    await request(t.http).post('/v1/services').set(client).set(bearer(issued.token)).send(serviceBody('011002')).expect(201);
  });
});
