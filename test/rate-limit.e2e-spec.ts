import request from 'supertest';
import { RATE_SYNC_MS } from '../src/common/rate-limit';
import { resetAppConfig } from '../src/config/app-config';
import { startApp, TestApp } from './support/app';

describe('rate limiting, security headers and CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '5';
    // Counters of its own in Redis, so the other suites' requests do not count here.
    process.env.QUEUE_PREFIX = `line-tracker-test-rate-${process.pid}-${Date.now()}`;
    process.env.CORS_ORIGINS = 'https://npo.example.jp';
    process.env.TRUST_PROXY = 'true';
    resetAppConfig();
    t = await startApp();
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After once a client passes the limit, and keeps /health open', async () => {
    for (let i = 0; i < 5; i++) await request(t.http).get('/v1/national-bodies').expect(200);
    const limited = await request(t.http).get('/v1/local-governments/011002').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toEqual(expect.objectContaining({ statusCode: 429, error: 'Too Many Requests', requestId: expect.any(String) }));
    await request(t.http).get('/health').expect(200);
  });

  it('counts in each process and shares the counts through Redis: two instances limit a client together', async () => {
    const other = await startApp();
    try {
      // A client the first test has not used (its own address, as a proxy would give it).
      const client = { 'X-Forwarded-For': '203.0.113.7' };
      const asked = (app: TestApp) => request(app.http).get('/v1/national-bodies').set(client);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await asked(t)).status);
      await new Promise((resolve) => setTimeout(resolve, 3 * RATE_SYNC_MS));
      statuses.push((await asked(other)).status);
      await new Promise((resolve) => setTimeout(resolve, 3 * RATE_SYNC_MS));
      // The other instance has learnt the first one's three: its second is the fifth, its third the sixth.
      statuses.push((await asked(other)).status, (await asked(other)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    } finally {
      await other.close();
    }
  });

  it('sends security headers and CORS only to the configured origins', async () => {
    const res = await request(t.http).get('/health').set('Origin', 'https://npo.example.jp').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('https://npo.example.jp');
    const other = await request(t.http).get('/health').set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
