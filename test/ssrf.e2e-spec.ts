import type { LookupAddress } from 'node:dns';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { NOT_PUBLIC, WebhookResolver } from '../src/notifications/url-guard';
import { bearer, createService, startApp, TestApp, tokenFor, unique } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { startWorker, TestWorker, waitFor } from './support/worker';

// Webhooks with the guard on (WEBHOOK_ALLOW_PRIVATE=false; the other suites run with it off so
// that they can deliver to receivers on loopback). On a database and queues of the suite's own:
// every worker's relay scans the whole outbox of its database, and a delivery made by another
// suite's worker asks the real DNS, not this suite's rebinding one (getaddrinfo ENOTFOUND, once
// in CI). Events come from 宮崎県 (45) and 宮崎市 (452017).
const PREFECTURE = '45';
const OPERATOR = '452017';

interface Delivery {
  eventId: string;
  attempt: number;
  statusCode: number | null;
  error: string | null;
  succeeded: boolean;
}

/** A host name no other test (or run) has used. */
const hostName = (label: string) => `${unique(label).replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.example.test`;

describe('webhooks cannot be turned against our own network', () => {
  const restoreEnv = saveEnv(['WEBHOOK_ALLOW_PRIVATE', 'QUEUE_PREFIX', 'DATABASE_URL']);
  const prefix = faultsPrefix('ssrf');
  let database: OwnDatabase;
  let t: TestApp;
  let worker: TestWorker;
  let prefecture: string;
  let receiver: Server;
  let connections = 0;
  let port: number;
  /** Host name → the answers its DNS gives, one per lookup, the last repeated: a rebinding DNS server. */
  const zone = new Map<string, string[][]>();
  const lookups = new Map<string, number>();

  async function rebindingResolve(hostname: string): Promise<LookupAddress[]> {
    const script = zone.get(hostname);
    if (!script) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const n = lookups.get(hostname) ?? 0;
    lookups.set(hostname, n + 1);
    return script[Math.min(n, script.length - 1)].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }

  beforeAll(async () => {
    database = await createOwnDatabase('ssrf');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    process.env.WEBHOOK_ALLOW_PRIVATE = 'false';
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
    // The API checks subscriptions and the worker delivers: both ask this DNS.
    for (const resolver of [t.app.get(WebhookResolver), worker.context.get(WebhookResolver)]) {
      jest.spyOn(resolver, 'resolve').mockImplementation(rebindingResolve);
    }
    prefecture = await tokenFor(t, 'prefecture', PREFECTURE);
    receiver = createServer((_req, res) => res.writeHead(200).end());
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    try {
      await worker?.close();
      await t?.close();
      receiver?.closeAllConnections();
      receiver?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
      resetAppConfig();
    }
  }, 30_000);

  it.each(['http://[64:ff9b::7f00:1]/', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data/', 'http://[::ffff:7f00:1]/hook', 'http://[::127.0.0.1]/hook', 'http://[2002:7f00:1::]/hook', 'http://[2001::1]/hook', 'http://192.0.2.10/hook'])(
    'refuses a subscription to %s with a 400 naming url, and stores nothing',
    async (url) => {
      const npo = await tokenFor(t, 'npo');
      const res = await request(t.http).post('/v1/webhooks').set(bearer(npo)).send({ url, events: ['gap.opened'] }).expect(400);
      expect(res.body.details).toEqual([{ field: 'url', message: NOT_PUBLIC }]);
      const listed = await request(t.http).get('/v1/webhooks').set(bearer(npo)).expect(200);
      expect(listed.body.items).toEqual([]);
    },
  );

  it('refuses a subscription to a name with one private address among public ones', async () => {
    const host = hostName('mixed');
    zone.set(host, [['8.8.8.8', '127.0.0.1']]);
    const npo = await tokenFor(t, 'npo');
    const res = await request(t.http).post('/v1/webhooks').set(bearer(npo)).send({ url: `https://${host}/hook`, events: ['gap.opened'] }).expect(400);
    expect(res.body.details).toEqual([{ field: 'url', message: NOT_PUBLIC }]);
  });

  it('a name that answers public to the check and 127.0.0.1 to the delivery (DNS rebinding) is refused at connect time, every attempt, and the local receiver gets nothing', async () => {
    const host = hostName('rebind');
    zone.set(host, [['8.8.8.8'], ['127.0.0.1']]);
    const owner = await tokenFor(t, 'npo');
    const created = await request(t.http)
      .post('/v1/webhooks')
      .set(bearer(owner))
      .send({ url: `http://${host}:${port}/hook`, events: ['service.status_changed'], prefectureCodes: [PREFECTURE] })
      .expect(201);
    expect(lookups.get(host)).toBe(1);

    const service = await createService(t, prefecture, OPERATOR);
    await request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(prefecture)).send({ status: 'suspended' }).expect(201);

    // Creating the service (status active) and suspending it are two status events.
    const events: { id: string }[] = await t.db.query(`SELECT id FROM events WHERE service_id = $1 AND type = 'service.status_changed'`, [service.id]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    const attempts = Number(process.env.WEBHOOK_MAX_ATTEMPTS);
    const log: Delivery[] = await waitFor(async () => {
      const res = await request(t.http).get(`/v1/webhooks/${created.body.id}/deliveries`).set(bearer(owner)).expect(200);
      return res.body.items.length >= attempts * events.length ? res.body.items : undefined;
    }, 15000, 100);
    const refused = `url ${NOT_PUBLIC}: ${host} resolves to an address that is not public`;
    for (const { id } of events) {
      const forEvent = log.filter((d) => d.eventId === id).sort((a, b) => a.attempt - b.attempt);
      expect(forEvent.map((d) => [d.attempt, d.statusCode, d.succeeded, d.error])).toEqual(Array.from({ length: attempts }, (_, i) => [i + 1, null, false, refused]));
    }
    expect(log).toHaveLength(attempts * events.length);
    // One lookup per attempt, and that lookup is where the connection went: nothing reached the receiver.
    expect(lookups.get(host)).toBe(1 + log.length);
    expect(connections).toBe(0);
  });
});
