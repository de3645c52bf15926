import request from 'supertest';
import { bearer, startApp, TestApp, tokenFor } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

describe('operations', () => {
  let t: TestApp;
  let worker: TestWorker;

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('reports PostgreSQL, Redis and the worker\'s queues on /health', async () => {
    const health = await waitFor(async () => {
      const res = await request(t.http).get('/health').expect(200);
      return res.body.details.queues.evaluation.workers > 0 ? res.body : undefined;
    }, 5000, 100);
    expect(health.status).toBe('ok');
    expect(health.details.database.status).toBe('up');
    expect(health.details.redis.status).toBe('up');
    for (const queue of ['evaluation', 'maintenance', 'webhooks']) {
      expect(health.details.queues[queue]).toEqual(expect.objectContaining({ waiting: expect.any(Number), failed: expect.any(Number), workers: expect.any(Number) }));
    }
  });

  it('shows the queue dashboard to ministry tokens only', async () => {
    const none = await request(t.http).get('/admin/queues').expect(401);
    expect(none.body).toEqual(expect.objectContaining({ statusCode: 401, requestId: expect.any(String) }));
    await request(t.http).get('/admin/queues').set(bearer(await tokenFor(t, 'npo'))).expect(403);
    await request(t.http).get('/admin/queues').set(bearer(await tokenFor(t, 'prefecture', '27'))).expect(403);
    const ok = await request(t.http).get('/admin/queues').set(bearer(await tokenFor(t, 'ministry'))).expect(200);
    expect(ok.text).toContain('<html');
  });

  it('serves the OpenAPI description with every endpoint', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const paths = Object.keys(res.body.paths);
    for (const path of ['/v1/local-governments', '/v1/services', '/v1/services/{id}/status-changes', '/v1/fallback-channels/{id}', '/v1/gaps', '/v1/webhooks', '/v1/audit', '/health']) {
      expect(paths).toContain(path);
    }
    expect(res.body.components.schemas.LineServiceDto.properties).toHaveProperty('openGaps');
  });
});
