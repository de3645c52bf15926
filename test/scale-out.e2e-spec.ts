import { Job, Queue } from 'bullmq';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { resetAppConfig } from '../src/config/app-config';
import { connect } from '../src/database/connect';
import { tokensServiceOver } from '../src/database/standalone';
import { JobName, jobIds, QueueName } from '../src/jobs/jobs';
import { bearer, serviceBody } from './support/app';
import { TEST_DATABASE_URL } from './support/env';
import { API_SCRIPT, ChildWorker, ChildWorkerEnv, WORKER_SCRIPT } from './support/faults/child-worker';
import { duplicateOpenFindings, groundTruthReport, unprocessedRequests } from './support/faults/ground-truth';
import { saveEnv, sleep } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite, SHARED_REDIS_URL } from './support/faults/redis-keys';
import { TcpProxy } from './support/faults/tcp-proxy';
import { freePorts } from './support/ports';
import { waitFor } from './support/worker';

/** The sweep's interval in this suite: short, so that a few seconds hold a few intervals. */
const SWEEP_MS = 1000;
const LOCK_MS = 2000;
const STALLED_CHECK_MS = 1000;
/** 札幌市 and a ward of it: the place asked about reaches the city's services. */
const CITY = '011002';
const WARD = '011011';

interface Delivery {
  eventId: string;
  type: string;
  serviceId: string;
  delivery: string;
}

/**
 * Scale out, as in production: two API processes and two worker processes, each the built
 * code (`node dist/src/main.js`, `node dist/src/worker.js`), sharing one PostgreSQL database
 * and one Redis queue prefix, nothing else. The database is the suite's own copy of the
 * seeded test database (every worker's relay scans its whole outbox, and the sweep
 * recomputes every finding: in the shared test database the other suites' workers would do
 * this suite's work, and its one-second sweep theirs), and so is the queue prefix.
 */
describe('scale-out: two API processes and two workers on one database and one Redis', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  const prefix = faultsPrefix('scale');
  let database: OwnDatabase;
  let db: DataSource;
  let workerDbProxy: TcpProxy;
  let worker1: ChildWorker;
  let worker2: ChildWorker;
  const children: ChildWorker[] = [];
  let a: string;
  let b: string;
  let evaluation: Queue;
  let maintenance: Queue;
  let hookServer: Server;
  const deliveries: Delivery[] = [];
  let sapporo: string;
  let ministry: string;
  /** Every service this suite created. */
  const mine: string[] = [];

  beforeAll(async () => {
    database = await createOwnDatabase('scale');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    db = await connect(database.url, 'scale-out-test');
    const tokens = tokensServiceOver(db);
    sapporo = (await tokens.issue('municipality', CITY, 'scale-out 札幌市')).token;
    ministry = (await tokens.issue('ministry', undefined, 'scale-out 総務省')).token;
    const npo = (await tokens.issue('npo', undefined, 'scale-out NPO')).token;

    // The webhook receiver: answers 200 and remembers every delivery it got.
    hookServer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const json = JSON.parse(body);
        deliveries.push({ eventId: json.id, type: json.type, serviceId: json.data.serviceId, delivery: String(req.headers['x-tracker-delivery']) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));

    // Worker 1 reaches PostgreSQL through a proxy of the test's own, so that the kill test
    // can slow it down (and see its sessions); it changes nothing of what the worker sees.
    const target = new URL(TEST_DATABASE_URL);
    workerDbProxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(workerDbProxy.port);

    const common: ChildWorkerEnv = {
      DATABASE_URL: database.url,
      REDIS_URL: SHARED_REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'log',
      SWEEP_INTERVAL_MS: String(SWEEP_MS),
      RELAY_INTERVAL_MS: '500',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      // A killed worker's jobs come back after about lock + stalled check, not BullMQ's 30 s.
      WORKER_LOCK_DURATION_MS: String(LOCK_MS),
      WORKER_STALLED_INTERVAL_MS: String(STALLED_CHECK_MS),
    };
    const [portA, portB] = await freePorts(2);
    // Each one is remembered as soon as it runs, so that afterAll stops it even if another failed to start.
    const start = (env: ChildWorkerEnv, script: string) =>
      ChildWorker.start(env, 30_000, script).then((child) => {
        children.push(child);
        return child;
      });
    const settledStarts = await Promise.allSettled([
      start({ ...common, PORT: String(portA) }, API_SCRIPT),
      start({ ...common, PORT: String(portB) }, API_SCRIPT),
      start({ ...common, DATABASE_URL: viaProxy.toString() }, WORKER_SCRIPT),
      start(common, WORKER_SCRIPT),
    ]);
    const failed = settledStarts.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    const started = settledStarts.map((r) => (r as PromiseFulfilledResult<ChildWorker>).value);
    [, , worker1, worker2] = started;
    a = `http://127.0.0.1:${portA}`;
    b = `http://127.0.0.1:${portB}`;
    // "availability index: built" can come just before the server listens.
    for (const [api, child] of [[a, started[0]], [b, started[1]]] as const) {
      await waitFor(async () => {
        if (!child.running) throw new Error(`the API on ${api} exited:\n${child.log}`);
        return (await fetch(`${api}/health`).catch(() => undefined)) ? true : undefined;
      }, 15_000, 50);
    }
    evaluation = new Queue(QueueName.Evaluation, { connection: { url: SHARED_REDIS_URL }, prefix });
    maintenance = new Queue(QueueName.Maintenance, { connection: { url: SHARED_REDIS_URL }, prefix });

    const hook = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hook`;
    await request(a).post('/v1/webhooks').set(bearer(npo)).send({ url: hook, events: ['gap.opened', 'gap.severity_changed', 'gap.resolved', 'service.status_changed'], prefectureCodes: ['01'] }).expect(201);
  }, 60_000);

  afterAll(async () => {
    try {
      // Whatever failed: every process this suite started goes (SIGCONT first, in case one was stopped).
      for (const child of children) {
        child.signal('SIGCONT');
        await child.kill();
      }
      await evaluation?.close();
      await maintenance?.close();
      await db?.destroy();
      await workerDbProxy?.close();
      hookServer?.closeAllConnections();
      hookServer?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  const create = async (api: string, overrides: Record<string, unknown> = {}) => {
    const res = await request(api).post('/v1/services').set(bearer(sapporo)).send(serviceBody(CITY, overrides));
    if (res.status !== 201) throw new Error(`could not create a service: ${res.status} ${JSON.stringify(res.body)}`);
    mine.push(res.body.id);
    return res.body as { id: string };
  };
  const availabilityOf = async (api: string, id: string) => {
    const res = await request(api).get('/v1/availability').query({ localGovernment: WARD, limit: '1000', view: 'full' }).expect(200);
    return res.body.services.find((s: { id: string }) => s.id === id);
  };
  const national = async (api: string) => (await request(api).get('/v1/reports/national').set(bearer(ministry)).expect(200)).body.total;
  /** Nothing of this suite's services left to do: every request evaluated, every event dispatched, every delivery made. */
  const settled = () =>
    waitFor(
      async () => {
        if ((await unprocessedRequests(db, mine)) > 0) return undefined;
        const events: { id: string }[] = await db.query(`SELECT id::text FROM events WHERE service_id = ANY ($1::uuid[])`, [mine]);
        const delivered = new Set(deliveries.map((d) => d.eventId));
        return events.every((e) => delivered.has(e.id)) ? events : undefined;
      },
      20_000,
      100,
    );

  it('a write through instance A shows in availability and in the national report read through instance B at the next request', async () => {
    const before = await national(b);
    const service = await create(a, { category: 'consultation', audiences: ['children'], initialStatus: { status: 'suspended', reason: '運用の一時停止' } });

    expect(await availabilityOf(b, service.id)).toEqual(expect.objectContaining({ status: 'suspended', channels: [] }));
    const created = await national(b);
    expect({ services: created.services - before.services, suspended: created.suspended - before.suspended, suspendedWithAlternative: created.suspendedWithAlternative - before.suspendedWithAlternative }).toEqual({
      services: 1,
      suspended: 1,
      suspendedWithAlternative: 0,
    });

    await request(a).post(`/v1/services/${service.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'email', label: 'メール相談', contact: 'soudan@example.jp', hours: { type: 'always' } }).expect(201);
    expect((await availabilityOf(b, service.id)).channels).toEqual([expect.objectContaining({ kind: 'email', label: 'メール相談', openNow: true })]);
    expect((await national(b)).suspendedWithAlternative - before.suspendedWithAlternative).toBe(1);

    await request(a).post(`/v1/services/${service.id}/status-changes`).set(bearer(sapporo)).send({ status: 'active', reason: '再開' }).expect(201);
    expect(await availabilityOf(b, service.id)).toEqual(expect.objectContaining({ status: 'active' }));
    const resumed = await national(b);
    expect({ suspended: resumed.suspended - before.suspended, active: resumed.active - before.active }).toEqual({ suspended: 0, active: 1 });
  });

  it('every evaluation runs once: one finding per service and kind, one event per finding, one webhook delivery per event', async () => {
    // Two workers take jobs from the same queues.
    expect(await evaluation.getWorkersCount()).toBe(2);
    // A burst of writes spread over both API instances, so both workers evaluate at the same time.
    const apis = [a, b];
    const services = await Promise.all(Array.from({ length: 8 }, (_, i) => create(apis[i % 2], { category: 'consultation', audiences: ['children'] })));
    const writes = services.flatMap((s, i) => [
      () => request(apis[i % 2]).post(`/v1/services/${s.id}/status-changes`).set(bearer(sapporo)).send({ status: 'suspended', reason: '一時停止' }),
      () => request(apis[(i + 1) % 2]).post(`/v1/services/${s.id}/fallback-channels`).set(bearer(sapporo)).send({ kind: 'phone', label: '電話相談（番号未確認）' }),
      () => request(apis[i % 2]).post(`/v1/services/${s.id}/status-changes`).set(bearer(sapporo)).send({ status: i % 2 ? 'active' : 'discontinued', reason: '変更' }),
    ]);
    for (let step = 0; step < 3; step++) {
      const answers = await Promise.all(services.map((_, i) => writes[i * 3 + step]()));
      expect(answers.map((r) => r.status)).toEqual(services.map(() => 201));
    }
    await settled();
    await sleep(1500); // time for a repeated evaluation or delivery, if there were one, to show

    expect(await duplicateOpenFindings(db)).toEqual([]);
    const truth = await groundTruthReport(db, mine);
    expect({ missing: truth.missing, unexpected: truth.unexpected }).toEqual({ missing: [], unexpected: [] });
    // Each finding ever opened (open or resolved since) was announced exactly once.
    const announced: { id: string; kind: string; opened: number }[] = await db.query(
      `SELECT f.id::text, f.kind, (SELECT count(*)::int FROM events e WHERE e.type = 'gap.opened' AND e.data->>'findingId' = f.id::text) AS opened
         FROM findings f WHERE f.service_id = ANY ($1::uuid[])`,
      [mine],
    );
    expect(announced.length).toBeGreaterThan(0);
    expect(announced.filter((r) => r.opened !== 1)).toEqual([]);

    // One delivery per event and subscriber (X-Tracker-Delivery is "<event>:<subscription>"):
    // the receiver saw each once, and the delivery log agrees.
    const perDelivery = new Map<string, number>();
    for (const d of deliveries) perDelivery.set(d.delivery, (perDelivery.get(d.delivery) ?? 0) + 1);
    expect([...perDelivery].filter(([, n]) => n > 1)).toEqual([]);
    expect(deliveries.every((d) => d.delivery.startsWith(`${d.eventId}:`))).toBe(true);
    expect(deliveries.filter((d) => mine.includes(d.serviceId)).length).toBeGreaterThanOrEqual(services.length * 2);
    const logged: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE succeeded GROUP BY event_id, subscription_id HAVING count(*) > 1`);
    expect(logged).toEqual([]);
  });

  it('the sweep runs once per interval, not once per worker (one BullMQ job scheduler for all)', async () => {
    expect(await maintenance.getWorkersCount()).toBe(2);
    // Runs counted two ways: the sweeps both workers logged (whatever started them), and the
    // scheduler's jobs. Were each worker to schedule its own, either would be about twice n.
    const logged = () => [worker1, worker2].reduce((sum, w) => sum + (w.output.join('').match(/sweep in \d+ ms/g)?.length ?? 0), 0);
    const windowMs = 6 * SWEEP_MS;
    const n = windowMs / SWEEP_MS;
    const from = Date.now();
    const loggedBefore = logged();
    await sleep(windowMs);
    const to = Date.now();
    const ran = logged() - loggedBefore;
    const sweeps = (await maintenance.getJobs(['completed', 'active'], 0, -1)).filter((job) => job.name === JobName.Sweep && job.processedOn! >= from && job.processedOn! < to);
    for (const count of [ran, sweeps.length]) {
      expect(count).toBeGreaterThanOrEqual(n - 2);
      expect(count).toBeLessThanOrEqual(n + 1);
    }
    const schedulers = await maintenance.getJobSchedulers();
    expect(schedulers.map((s) => ({ key: s.key, every: s.every }))).toEqual([{ key: 'sweep', every: SWEEP_MS }]);
  });

  it('a scheduled change takes effect once: one delayed job, run once, one event, one delivery', async () => {
    const service = await create(b, { category: 'consultation', audiences: ['children'] });
    await settled();
    const at = new Date(Date.now() + 2500);
    const change = await request(a).post(`/v1/services/${service.id}/status-changes`).set(bearer(sapporo)).send({ status: 'suspended', reason: '予定の停止', effectiveAt: at.toISOString() }).expect(201);
    const job = await waitFor(async () => {
      const found = await evaluation.getJob(jobIds.scheduled(change.body.id));
      return found && (await found.getState()) === 'completed' ? found : undefined;
    }, 15_000, 100);
    await settled();
    // A few relay rounds of both workers (each re-adds changes that came due in the last minute, with the same job id).
    await sleep(2000);
    const again = (await evaluation.getJob(job.id!)) as Job;
    expect({ state: await again.getState(), attemptsStarted: again.attemptsStarted, processedOn: again.processedOn }).toEqual({ state: 'completed', attemptsStarted: 1, processedOn: job.processedOn });
    expect(again.processedOn!).toBeGreaterThanOrEqual(at.getTime());
    const events: { id: string }[] = await db.query(`SELECT id::text FROM events WHERE service_id = $1 AND type = 'service.status_changed' AND data->>'status' = 'suspended'`, [service.id]);
    expect(events).toHaveLength(1);
    expect(deliveries.filter((d) => d.eventId === events[0].id)).toHaveLength(1);
    expect(await availabilityOf(a, service.id)).toEqual(expect.objectContaining({ status: 'suspended' }));
  });

  it('a worker killed (SIGKILL) mid-stream loses nothing: the other completes every evaluation, its held jobs included', async () => {
    await settled();
    const ids = mine.slice(-9);
    const [{ last }] = await db.query(`SELECT coalesce(max(id), 0)::text AS last FROM evaluation_requests`);
    // Worker 2 is held still (SIGSTOP) while the batch goes in, so that worker 1 has jobs in
    // hand when it dies; slowing worker 1's database makes each job take a while.
    worker2.signal('SIGSTOP');
    workerDbProxy.setLatency(15);
    const statuses = ['suspended', 'active', 'discontinued', 'postponed'];
    const answers = [];
    for (let i = 0; i < 40; i += 8) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, k) => request([a, b][k % 2]).post(`/v1/services/${ids[(i + k) % ids.length]}/status-changes`).set(bearer(sapporo)).send({ status: statuses[(i + k) % 4], reason: `一括 ${i + k}` })),
        )),
      );
    }
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201));
    const batch = async (): Promise<string[]> =>
      (await db.query(`SELECT id::text FROM evaluation_requests WHERE id > $1 ORDER BY id`, [last])).map((r: { id: string }) => jobIds.evaluation(r.id));
    // Kill worker 1 well into the batch: some of its jobs done, some in hand, more waiting.
    await waitFor(
      async () => {
        const [active, waiting] = [await evaluation.getActiveCount(), await evaluation.getWaitingCount()];
        const completed = (await Promise.all((await batch()).map((id) => evaluation.getJobState(id)))).filter((s) => s === 'completed').length;
        return completed >= 3 && active > 0 && waiting > 0 ? true : undefined;
      },
      20_000,
      20,
    );
    worker1.signal('SIGKILL');
    expect(await worker1.waitForExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    // What it held when it died (worker 2 is stopped and held nothing): active, with a lock nobody renews.
    const held = (await evaluation.getJobs(['active'])).filter((j) => j.name === JobName.Evaluate);
    expect(held.length).toBeGreaterThan(0);
    workerDbProxy.setLatency(0);
    worker2.signal('SIGCONT');

    // Every job of the batch completes, those worker 1 held included (BullMQ's stalled-job
    // check in worker 2 puts them back once their lock lapsed), and every change is evaluated.
    const jobs = await batch();
    await waitFor(async () => ((await Promise.all(jobs.map((id) => evaluation.getJobState(id)))).every((s) => s === 'completed') ? true : undefined), 20_000, 200);
    await settled();
    for (const job of held) {
      const done = (await evaluation.getJob(job.id!)) as Job;
      expect({ id: done.id, state: await done.getState(), stalled: done.stalledCounter > 0 }).toEqual({ id: job.id, state: 'completed', stalled: true });
    }
    expect(worker2.running).toBe(true);
    expect(await unprocessedRequests(db, mine)).toBe(0);
    expect(await duplicateOpenFindings(db)).toEqual([]);
    const truth = await groundTruthReport(db, mine);
    expect({ missing: truth.missing, unexpected: truth.unexpected }).toEqual({ missing: [], unexpected: [] });
  });
});
