import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { bearer, serviceBody, startApp, TestApp, tokenFor } from './support/app';
import { TEST_DATABASE_URL } from './support/env';
import { LoggedProcess } from './support/process-logs';
import { freePort } from './support/redis-server';

/**
 * The built API and worker at the default level (LOG_LEVEL=log), their output read as an
 * operator's log collector would: one JSON line a request and a job, and no user data.
 */
describe('logs', () => {
  let t: TestApp;
  let api: LoggedProcess;
  let worker: LoggedProcess;
  let http: request.Agent;

  beforeAll(async () => {
    t = await startApp();
    const port = await freePort();
    const env = { DATABASE_URL: TEST_DATABASE_URL, QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}:logs`, LOG_LEVEL: 'log', LOG_FORMAT: 'json', WORKER_HEALTH_PORT: '0' };
    api = new LoggedProcess('main.js', { ...env, PORT: String(port) });
    worker = new LoggedProcess('worker.js', env);
    await api.waitForLine((line) => String(line.msg).startsWith('API listening'), 20000);
    await worker.waitForLine((line) => line.msg === 'worker started', 20000);
    http = request.agent(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await t?.close();
  });

  it('keeps a failing write\'s data, the token and the SQL parameters out, and logs its request line', async () => {
    const secret = randomBytes(6).toString('hex');
    const name = `相談者 山田花子 ${secret}`;
    const description = `メモ：虐待の相談あり ${secret}`;
    const token = await tokenFor(t, 'municipality', '011002');
    const body = serviceBody('011002', { name, description });
    await http.post('/v1/services').set(bearer(token)).send(body).expect(201);
    const requestId = `logs-${randomBytes(6).toString('hex')}`;
    await http.post('/v1/services').set(bearer(token)).set('X-Request-Id', requestId).send(body).expect(409);
    const badToken = `lt_${randomBytes(24).toString('hex')}`;
    const unauthorized = await http.post('/v1/services').set(bearer(badToken)).send(body).expect(401);
    await http.get(`/v1/services?operator=011002&name=${encodeURIComponent(name)}`);

    const line = await api.waitForLine((l) => l.requestId === requestId && l.status === 409);
    expect(line).toEqual(expect.objectContaining({ level: 30, method: 'POST', route: '/v1/services', status: 409, durationMs: expect.any(Number) }));
    // The failed INSERT is there, by SQLSTATE and constraint, in the same request.
    const failedQuery = await api.waitForLine((l) => l.requestId === requestId && String(l.msg).startsWith('query failed'));
    expect(failedQuery.msg).toMatch(/^query failed: SQLSTATE 23505 \(constraint \w+/);
    const denied = await api.waitForLine((l) => l.requestId === unauthorized.headers['x-request-id']);
    expect(denied).toEqual(expect.objectContaining({ method: 'POST', route: '/v1/services', status: 401 }));

    const log = api.text + worker.text;
    for (const leaked of [secret, name, description, token, badToken, 'already exists', 'Key (', encodeURIComponent(name), 'authorization', 'Bearer']) {
      expect(log).not.toContain(leaked);
    }
  });

  it('answers with the incoming X-Request-Id when it is sane, and makes one otherwise', async () => {
    const sane = await http.get('/v1/local-governments/011002').set('X-Request-Id', 'probe.1:a-b_c').expect(200);
    expect(sane.headers['x-request-id']).toBe('probe.1:a-b_c');
    const line = await api.waitForLine((l) => l.requestId === 'probe.1:a-b_c');
    expect(line).toEqual(expect.objectContaining({ method: 'GET', route: '/v1/local-governments/:code', status: 200 }));
    const hostile = await http.get('/v1/local-governments/011002').set('X-Request-Id', 'x'.repeat(200)).expect(200);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await http.get('/v1/nothing-here').set('X-Request-Id', 'a b"c').expect(404);
    expect(unsafe.headers['x-request-id']).not.toBe('a b"c');
    expect(unsafe.body.requestId).toBe(unsafe.headers['x-request-id']);
    expect(await api.waitForLine((l) => l.requestId === unsafe.headers['x-request-id'])).toEqual(expect.objectContaining({ route: '(unmatched)', status: 404 }));
  });

  it('logs a line per job with its name, id, attempt, duration and outcome', async () => {
    const token = await tokenFor(t, 'municipality', '011002');
    const created = await http.post('/v1/services').set(bearer(token)).send(serviceBody('011002')).expect(201);
    const line = await worker.waitForLine((l) => l.job === 'evaluate' && l.outcome === 'completed' && typeof l.jobId === 'string');
    expect(line).toEqual(expect.objectContaining({ level: 30, context: 'jobs', queue: 'evaluation', attempt: 1, durationMs: expect.any(Number) }));
    expect(worker.text).not.toContain(created.body.name);
  });
});
