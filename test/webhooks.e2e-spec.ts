import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { verify } from '../src/notifications/signature';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { startWorker, TestWorker, waitFor } from './support/worker';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  json: { id: string; type: string; occurredAt: string; data: { serviceId: string; kind?: string; resolution?: string } };
}

const servers: Server[] = [];

/**
 * A webhook receiver on loopback. Each event is answered with the given status codes in
 * turn (its first attempt gets the first code, and so on).
 */
async function receiver(statuses: number[] = [200]) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const json = JSON.parse(body);
      const n = attempts.get(json.id) ?? 0;
      attempts.set(json.id, n + 1);
      const status = statuses[Math.min(n, statuses.length - 1)];
      if (status < 300) received.push({ headers: req.headers, body, json });
      res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

describe('webhooks', () => {
  let t: TestApp;
  let worker: TestWorker;
  let osaka: string;

  beforeAll(async () => {
    t = await startApp();
    worker = await startWorker();
    osaka = await tokenFor(t, 'prefecture', '27');
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('delivers signed gap.opened and gap.resolved events to a receiver on loopback', async () => {
    const hook = await receiver();
    const npo = await tokenFor(t, 'npo');
    const created = await request(t.http)
      .post('/v1/webhooks')
      .set(bearer(npo))
      .send({ url: hook.url, events: ['gap.opened', 'gap.resolved'], prefectureCodes: ['27'], categories: ['consultation'] })
      .expect(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await request(t.http).get('/v1/webhooks').set(bearer(npo)).expect(200);
    expect(listed.body.items).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);

    const service = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended' }).expect(201);
    const mine = (type: string) => async () => hook.received.find((r) => r.json.type === type && r.json.data.serviceId === service.id);
    const opened = await waitFor(mine('gap.opened'), 5000);
    expect(opened.json.data.kind).toBe('no_alternative');
    expect(opened.headers['x-tracker-event']).toBe('gap.opened');
    expect(verify(created.body.secret, String(opened.headers['x-tracker-timestamp']), opened.body, String(opened.headers['x-tracker-signature']))).toBe(true);
    expect(verify('whsec_wrong', String(opened.headers['x-tracker-timestamp']), opened.body, String(opened.headers['x-tracker-signature']))).toBe(false);

    await request(t.http).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(osaka)).send({ kind: 'email', label: 'E-mail', contact: 'soudan@example.jp' }).expect(201);
    const resolved = await waitFor(mine('gap.resolved'), 5000);
    expect(resolved.json.data.resolution).toBe('fallback_added');
    // Filtered out: service.status_changed was not subscribed to.
    expect(hook.received.some((r) => r.json.type === 'service.status_changed')).toBe(false);
  });

  it('retries a failing receiver with backoff and logs every attempt', async () => {
    const hook = await receiver([500, 503, 200]);
    const token = await tokenFor(t, 'municipality', '271004');
    const created = await request(t.http).post('/v1/webhooks').set(bearer(token)).send({ url: hook.url, events: ['service.status_changed'], prefectureCodes: ['27'] }).expect(201);
    const service = await createService(t, osaka, '271004');
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended' }).expect(201);
    const delivered = await waitFor(async () => hook.received.find((r) => r.json.data.serviceId === service.id), 8000);
    expect(delivered.json.type).toBe('service.status_changed');
    const log = await waitFor(async () => {
      const res = await request(t.http).get(`/v1/webhooks/${created.body.id}/deliveries`).set(bearer(token)).expect(200);
      const forEvent = res.body.items.filter((d: { eventId: string }) => d.eventId === delivered.json.id);
      return forEvent.some((d: { succeeded: boolean }) => d.succeeded) ? forEvent : undefined;
    }, 3000);
    expect(log.map((d: { attempt: number; statusCode: number; succeeded: boolean }) => [d.attempt, d.statusCode, d.succeeded])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    // Someone else's delivery log is not theirs to read: the 404 of an id that does not exist.
    await request(t.http).get(`/v1/webhooks/${created.body.id}/deliveries`).set(bearer(osaka)).expect(404);
  });

  it('pauses a subscription whose deliveries keep failing', async () => {
    const hook = await receiver([500]);
    const token = await tokenFor(t, 'prefecture', '27');
    const created = await request(t.http).post('/v1/webhooks').set(bearer(token)).send({ url: hook.url, events: ['service.status_changed'], prefectureCodes: ['27'] }).expect(201);
    await t.db.query(`UPDATE webhook_subscriptions SET consecutive_failures = 4 WHERE id = $1`, [created.body.id]);
    const service = await createService(t, osaka, '270008');
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(osaka)).send({ status: 'suspended' }).expect(201);
    const paused = await waitFor(async () => {
      const res = await request(t.http).get('/v1/webhooks').set(bearer(token)).expect(200);
      return res.body.items.find((w: { id: string; status: string }) => w.id === created.body.id && w.status === 'paused');
    }, 10000, 100);
    expect(paused.consecutiveFailures).toBe(5);
    const resumed = await request(t.http).post(`/v1/webhooks/${created.body.id}/resume`).set(bearer(token)).expect(200);
    expect(resumed.body).toEqual(expect.objectContaining({ status: 'active', consecutiveFailures: 0 }));
  });

  it('refuses bad subscriptions', async () => {
    const token = await tokenFor(t, 'npo');
    await request(t.http).post('/v1/webhooks').send({ url: 'http://example.com', events: ['gap.opened'] }).expect(401);
    const bad = await request(t.http).post('/v1/webhooks').set(bearer(token)).send({ url: 'ftp://example.com', events: ['gap.exploded'] }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('events');
    const badUrl = await request(t.http).post('/v1/webhooks').set(bearer(token)).send({ url: 'ftp://example.com/x', events: ['gap.opened'] }).expect(400);
    expect(badUrl.body.details).toEqual([{ field: 'url', message: expect.stringContaining('http') }]);
  });
});
