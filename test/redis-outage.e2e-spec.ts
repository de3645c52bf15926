import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { OwnRedis } from './support/redis-server';
import { startWorker, TestWorker, waitFor } from './support/worker';

describe('a status change while Redis is unreachable', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let worker: TestWorker;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    process.env.REDIS_URL = redis.url;
    process.env.QUEUE_PREFIX = 'line-tracker-test-outage';
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await redis?.stop();
  });

  it('is stored, answered 2xx, and its gap appears once Redis is back', async () => {
    const token = await tokenFor(t, 'municipality', '011002');
    const service = await createService(t, token, '011002', { category: 'consultation', audiences: ['youth'] });

    await redis.stop();
    const started = Date.now();
    const res = await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(token)).send({ status: 'suspended', reason: 'Redis is down' }).expect(201);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(res.body.status).toBe('suspended');
    const [stored] = await t.db.query(`SELECT current_status FROM line_services WHERE id = $1`, [service.id]);
    expect(stored.current_status).toBe('suspended');
    const [{ pending }] = await t.db.query(`SELECT count(*)::int AS pending FROM evaluation_requests WHERE service_id = $1 AND processed_at IS NULL`, [service.id]);
    expect(pending).toBeGreaterThan(0);
    const before = await request(t.http).get(`/v1/services/${service.id}/gaps`).expect(200);
    expect(before.body.items).toEqual([]);
    // The API still serves: /health says degraded (200), naming Redis, not the database.
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.redis.status).toBe('degraded');
    expect(health.body.details.database.status).toBe('up');

    await redis.start();
    const gaps = await waitFor(async () => {
      const items = (await request(t.http).get(`/v1/services/${service.id}/gaps`)).body.items;
      return items.length ? items : undefined;
    }, 15000, 100);
    expect(gaps).toEqual([expect.objectContaining({ kind: 'no_alternative', severity: 'critical', state: 'open' })]);
    const [{ left }] = await t.db.query(`SELECT count(*)::int AS left FROM evaluation_requests WHERE service_id = $1 AND processed_at IS NULL`, [service.id]);
    expect(left).toBe(0);
  });
});
