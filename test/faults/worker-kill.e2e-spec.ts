import { Queue } from 'bullmq';
import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { jobIds, QueueName } from '../../src/jobs/jobs';
import { bearer, startApp, TestApp, tokenFor } from '../support/app';
import { TEST_DATABASE_URL } from '../support/env';
import { ChildWorker } from '../support/faults/child-worker';
import { duplicateOpenFindings, groundTruthReport, unprocessedRequests } from '../support/faults/ground-truth';
import { prng, saveEnv, sleep } from '../support/faults/http';
import { createOwnDatabase, OwnDatabase } from '../support/faults/own-database';
import { createScenarioServices, statusChangeBody } from '../support/faults/scenarios';
import { faultsPrefix, releaseSuite, SHARED_REDIS_URL } from '../support/faults/redis-keys';
import { TcpProxy } from '../support/faults/tcp-proxy';
import { waitFor } from '../support/worker';

const REDIS_URL = SHARED_REDIS_URL;
// 愛知県 and 名古屋市: no other suite writes there.
const OPERATORS = ['230006', '231002'];
const BATCH = 200;
const SERVICES = 40;
/** Added to every packet between the worker and PostgreSQL: each job then takes a few hundred ms, so a batch is still running when the worker dies. */
const SLOW_DB_MS = 15;
const LOCK_MS = 2000;
const STALLED_CHECK_MS = 1000;

/**
 * The built worker as a child process, on its own queue prefix, reaching PostgreSQL through
 * a proxy of the test's own (to slow it down, never to change what it sees). The API runs
 * in this process on the same prefix. Both use a database of the suite's own, made like
 * line_tracker_test on the same server: every worker's relay scans its whole database's
 * outbox, so in the shared test database the other suites' workers would finish this
 * batch for the killed one (and this suite's bursts of writes would trip the other suites'
 * "nothing stored" checks). Here, what gets done is this worker's doing.
 */
describe('a worker process killed mid-batch, and one stopped with SIGTERM', () => {
  const restoreEnv = saveEnv(['QUEUE_PREFIX', 'DATABASE_URL']);
  let database: OwnDatabase;
  const prefix = faultsPrefix('kill');
  let t: TestApp;
  let proxy: TcpProxy;
  let evaluation: Queue;
  const children: ChildWorker[] = [];
  let token: string;
  let ids: string[];
  const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
  const r = prng(seed);

  const childEnv = () => {
    const url = new URL(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // Short lock and stalled-check timings: the dead worker's jobs come back within about
    // three seconds, not after BullMQ's default 30 s lock.
    return { DATABASE_URL: url.toString(), REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'log', WORKER_LOCK_DURATION_MS: String(LOCK_MS), WORKER_STALLED_INTERVAL_MS: String(STALLED_CHECK_MS) };
  };
  const startChild = async () => {
    const child = await ChildWorker.start(childEnv());
    children.push(child);
    return child;
  };
  const counts = () => evaluation.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized');
  /** Ids of the evaluation jobs the API enqueued for these services' requests since `afterRequestId`. */
  const batchJobIds = async (afterRequestId: string): Promise<string[]> =>
    (await t.db.query(`SELECT id::text FROM evaluation_requests WHERE service_id = ANY ($1::uuid[]) AND id > $2 ORDER BY id`, [ids, afterRequestId])).map((row: { id: string }) =>
      jobIds.evaluation(row.id),
    );
  const lastRequestId = async (): Promise<string> => (await t.db.query(`SELECT coalesce(max(id), 0)::text AS id FROM evaluation_requests`))[0].id;
  const statesOf = async (jobs: string[]) => {
    const states: Record<string, number> = {};
    for (const id of jobs) {
      const state = await evaluation.getJobState(id);
      states[state] = (states[state] ?? 0) + 1;
    }
    return states;
  };
  /** Sends `n` status changes to random services of this suite, a few at a time; every one must be stored. */
  const sendChanges = async (n: number, label: string) => {
    const statuses: [string, 'now' | 'past' | 'future'][] = [
      ['suspended', 'now'],
      ['discontinued', 'now'],
      ['active', 'now'],
      ['suspended', 'future'],
      ['postponed', 'past'],
    ];
    const work = Array.from({ length: n }, (_, i) => ({ id: r.pick(ids), body: statusChangeBody(...r.pick(statuses), `${label} ${i} (seed ${seed})`) }));
    const answers: number[] = [];
    for (let i = 0; i < work.length; i += 8) {
      const slice = work.slice(i, i + 8);
      const results = await Promise.all(slice.map((w) => request(t.http).post(`/v1/services/${w.id}/status-changes`).set(bearer(token)).send(w.body)));
      answers.push(...results.map((res) => res.status));
    }
    return answers;
  };
  const settled = async (timeoutMs: number) =>
    waitFor(async () => ((await unprocessedRequests(t.db, ids)) === 0 ? true : undefined), timeoutMs, 200);

  beforeAll(async () => {
    database = await createOwnDatabase('kill');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    const target = new URL(TEST_DATABASE_URL);
    proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    evaluation = new Queue(QueueName.Evaluation, { connection: { url: REDIS_URL }, prefix });
    token = await tokenFor(t, 'prefecture', '23');
  }, 60_000);

  afterAll(async () => {
    try {
      for (const child of children) await child.kill();
      await evaluation?.close();
      await t?.close();
      await proxy?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  it('SIGKILL mid-batch: after a restart every job completes, findings equal the ground truth, no duplicates', async () => {
    const first = await startChild();
    ids = (await createScenarioServices(t, token, OPERATORS, SERVICES)).map((s) => s.id);
    await settled(20_000);
    const before = await lastRequestId();

    proxy.setLatency(SLOW_DB_MS);
    const sending = sendChanges(BATCH, 'kill batch');
    // Kill once the worker is well into the batch: some of its jobs done, some in hand.
    const atKill = await waitFor(
      async () => {
        const jobs = await batchJobIds(before);
        if (jobs.length < 40) return undefined;
        const states = await statesOf(jobs);
        return (states.completed ?? 0) >= 20 && (states.active ?? 0) > 0 ? states : undefined;
      },
      30_000,
      25,
    );
    first.signal('SIGKILL');
    expect(await first.waitForExit(10_000)).toEqual({ code: null, signal: 'SIGKILL' });
    proxy.setLatency(0);
    const answers = await sending;
    expect(answers.filter((s) => s !== 201)).toEqual([]);
    const jobs = await batchJobIds(before);
    expect(jobs.length).toBe(BATCH);
    // It died mid-batch: with jobs done, jobs in hand, and jobs it never started.
    expect(atKill.completed).toBeGreaterThanOrEqual(20);
    expect(atKill.active).toBeGreaterThan(0);
    const afterKill = await statesOf(jobs);
    expect(afterKill.completed ?? 0).toBeLessThan(BATCH);

    const second = await startChild();
    // The jobs the dead worker held come back once their locks expire (BullMQ's stalled-job
    // check, within LOCK_MS + STALLED_CHECK_MS); the relay re-enqueues anything else from the outbox.
    const restarted = Date.now();
    const finalStates = await waitFor(
      async () => {
        const states = await statesOf(jobs);
        if (states.failed) throw new Error(`failed jobs: ${JSON.stringify(states)}\n${second.log}`);
        if (states.completed !== BATCH || (await unprocessedRequests(t.db, ids)) !== 0) return undefined;
        // Nothing of the dead worker's is left hanging either (its relay's jobs included):
        // nothing active or waiting on this prefix, nothing failed.
        const c = await counts();
        return c.active === 0 && c.waiting === 0 && c.prioritized === 0 && c.failed === 0 ? states : undefined;
      },
      120_000,
      250,
    );
    expect(finalStates).toEqual({ completed: BATCH });
    // Well under BullMQ's default 30 s lock: the short timings were the ones in force.
    expect(Date.now() - restarted).toBeLessThan(25_000);

    const report = await groundTruthReport(t.db, ids);
    expect({ seed, missing: report.missing, unexpected: report.unexpected, sweep: report.sweepWouldChange }).toEqual({
      seed,
      missing: [],
      unexpected: [],
      sweep: { statusEvents: 0, findingChanges: [] },
    });
    expect(await duplicateOpenFindings(t.db)).toEqual([]);
    expect(second.running).toBe(true);
  }, 180_000);

  it('SIGTERM: the worker finishes its in-flight jobs, then exits 0', async () => {
    const worker = children.find((c) => c.running) ?? (await startChild());
    await settled(30_000);
    const before = await lastRequestId();
    proxy.setLatency(SLOW_DB_MS);
    const sending = sendChanges(40, 'sigterm batch');
    // In flight: jobs of this batch (which only this worker can hold) that it is running.
    const inFlight = await waitFor(
      async () => {
        const batch = new Set(await batchJobIds(before));
        const active = (await evaluation.getActive()).map((job) => job.id!).filter((id) => batch.has(id));
        return active.length >= 2 ? active : undefined;
      },
      20_000,
      10,
    );
    const signalled = Date.now();
    worker.signal('SIGTERM');
    const exit = await worker.waitForExit(30_000);
    const tookMs = Date.now() - signalled;
    proxy.setLatency(0);
    expect(await sending).toEqual(Array(40).fill(201));

    // The jobs it held when the signal came were finished, not abandoned (stalled) or failed.
    const states = await Promise.all(inFlight.map(async (id) => [id, await evaluation.getJobState(id)] as const));
    expect(states.filter(([, state]) => state !== 'completed')).toEqual([]);
    // Bounded: it did not wait for the whole queue, nor hang.
    expect(exit).not.toBeNull();
    expect(tookMs).toBeLessThan(30_000);
    expect(exit).toEqual({ code: 0, signal: null });

    // Whatever it left is done by the next worker.
    await startChild();
    await settled(60_000);
    await sleep(100);
    const jobs = await batchJobIds(before);
    await waitFor(async () => ((await statesOf(jobs)).completed === jobs.length ? true : undefined), 60_000, 500);
    const report = await groundTruthReport(t.db, ids);
    expect({ missing: report.missing, unexpected: report.unexpected, sweep: report.sweepWouldChange }).toEqual({
      missing: [],
      unexpected: [],
      sweep: { statusEvents: 0, findingChanges: [] },
    });
  }, 180_000);
});
