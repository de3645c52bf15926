import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { startApp } from './support/app';
import { TEST_DATABASE_URL } from './support/env';
import { freePort, OwnRedis } from './support/redis-server';
import { TcpProxy } from './support/faults/tcp-proxy';
import { startWorker, TestWorker, waitFor } from './support/worker';

const REDIS_URL = process.env.REDIS_URL;
const DATABASE_URL = process.env.DATABASE_URL;
const QUEUE_PREFIX = process.env.QUEUE_PREFIX;

/** Queues under the run's own prefix (global-setup clears `${QUEUE_PREFIX}:*`). Each block boots its processes against its own Redis or its own path to PostgreSQL. */
function useEnvironment(env: Record<string, string>): void {
  Object.assign(process.env, env);
  resetAppConfig();
}

afterEach(() => {
  Object.assign(process.env, { REDIS_URL, DATABASE_URL, QUEUE_PREFIX });
  for (const [key, value] of Object.entries({ REDIS_URL, DATABASE_URL, QUEUE_PREFIX })) if (value === undefined) delete process.env[key];
  delete process.env.WORKER_HEALTH_PORT;
  resetAppConfig();
});

/** The test database, through the test's own proxy (closing it cuts this process off, nobody else). */
function throughProxy(databaseUrl: string, proxy: TcpProxy): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return url.toString();
}

const statusOf = (body: { details: Record<string, { status: string }> }, check: string) => body.details[check]?.status;

describe('API probes', () => {
  it('are ready and live when PostgreSQL and Redis answer', async () => {
    const t = await startApp();
    try {
      expect((await request(t.http).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
      const ready = await request(t.http).get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
      expect(statusOf(ready.body, 'database')).toBe('up');
      expect(statusOf(ready.body, 'redis')).toBe('up');
    } finally {
      await t.close();
    }
  });

  it('stay ready (200, degraded) while Redis is down: the API serves without it', async () => {
    const redis = await OwnRedis.start();
    useEnvironment({ REDIS_URL: redis.url, QUEUE_PREFIX: `${QUEUE_PREFIX}:probes-api` });
    const t = await startApp();
    try {
      await redis.stop();
      const ready = await request(t.http).get('/health/ready').expect(200);
      expect(ready.body.status).toBe('degraded');
      expect(statusOf(ready.body, 'database')).toBe('up');
      expect(statusOf(ready.body, 'redis')).toBe('degraded');
      expect(ready.body.details.redis.message).toEqual(expect.any(String));
      await request(t.http).get('/health/live').expect(200);
      const report = await request(t.http).get('/health').expect(200);
      expect(report.body.status).toBe('degraded');
      expect(statusOf(report.body, 'redis')).toBe('degraded');
      expect(statusOf(report.body, 'queues')).toBe('degraded');

      // Back to ok once every Redis client (the queues' too) has reconnected.
      await redis.start();
      const back = await waitFor(async () => {
        const res = await request(t.http).get('/health').expect(200);
        return res.body.status === 'ok' ? res.body : undefined;
      }, 15000, 200);
      expect(statusOf(back, 'redis')).toBe('up');
      expect((await request(t.http).get('/health/ready').expect(200)).body.status).toBe('ok');
    } finally {
      if (!redis.running) await redis.start();
      await t.close();
      await redis.stop();
    }
  });

  it('are not ready (503 naming the database) while PostgreSQL is unreachable, and still live', async () => {
    const proxy = await TcpProxy.start({ targetPort: Number(new URL(TEST_DATABASE_URL).port || 5432) });
    useEnvironment({ DATABASE_URL: throughProxy(TEST_DATABASE_URL, proxy) });
    const t = await startApp();
    try {
      await request(t.http).get('/health/ready').expect(200);
      await proxy.close();
      const ready = await request(t.http).get('/health/ready').expect(503);
      expect(ready.body).toEqual(expect.objectContaining({ statusCode: 503, message: 'unhealthy: database', requestId: expect.any(String) }));
      expect(ready.body.details.map((d: { field: string }) => d.field)).toEqual(['database']);
      await request(t.http).get('/health/live').expect(200);
      await request(t.http).get('/health').expect(503);

      await proxy.open();
      await waitFor(async () => ((await request(t.http).get('/health/ready')).status === 200 ? true : undefined), 10000, 200);
    } finally {
      await proxy.open();
      await t.close();
      await proxy.close();
    }
  });
});

describe('worker probes', () => {
  let redis: OwnRedis;
  let proxy: TcpProxy;
  let worker: TestWorker;
  let probes: request.Agent;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    proxy = await TcpProxy.start({ targetPort: Number(new URL(TEST_DATABASE_URL).port || 5432) });
    const port = await freePort();
    useEnvironment({ REDIS_URL: redis.url, DATABASE_URL: throughProxy(TEST_DATABASE_URL, proxy), QUEUE_PREFIX: `${QUEUE_PREFIX}:probes-worker`, WORKER_HEALTH_PORT: String(port) });
    worker = await startWorker();
    probes = request.agent(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    if (redis && !redis.running) await redis.start();
    await proxy?.open();
    await worker?.close();
    await redis?.stop();
    await proxy?.close();
  });

  const readyIsBack = () => waitFor(async () => ((await probes.get('/health/ready')).status === 200 ? true : undefined), 20000, 200);

  it('are ready and live on WORKER_HEALTH_PORT when PostgreSQL and Redis answer', async () => {
    expect((await probes.get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await probes.get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(statusOf(ready.body, 'database')).toBe('up');
    expect(statusOf(ready.body, 'redis')).toBe('up');
    await probes.get('/metrics-or-anything').expect(404);
  });

  it('are not ready (503) while Redis is down: a worker cannot work without it', async () => {
    await redis.stop();
    const ready = await probes.get('/health/ready').expect(503);
    expect(ready.body.status).toBe('error');
    expect(statusOf(ready.body, 'redis')).toBe('down');
    expect(statusOf(ready.body, 'database')).toBe('up');
    await probes.get('/health/live').expect(200);
    await redis.start();
    await readyIsBack();
  });

  it('are not ready (503) while PostgreSQL is unreachable', async () => {
    await proxy.close();
    const ready = await probes.get('/health/ready').expect(503);
    expect(statusOf(ready.body, 'database')).toBe('down');
    await probes.get('/health/live').expect(200);
    await proxy.open();
    await readyIsBack();
  });
});
