import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { bearer, startApp, TestApp, tokenFor } from '../support/app';
import { duplicateOpenFindings, groundTruthReport, unprocessedRequests } from '../support/faults/ground-truth';
import { prng, saveEnv, sleep } from '../support/faults/http';
import { createOwnDatabase, OwnDatabase } from '../support/faults/own-database';
import { createScenarioServices, ScenarioService, statusChangeBody } from '../support/faults/scenarios';
import { OwnRedis } from '../support/redis-server';
import { startWorker, TestWorker, waitFor } from '../support/worker';

const CHANGES = 100;
const OUTAGE_MS = 10_000;
const SERVICES = 25;
// 福岡県, 北九州市 and a ward of 福岡市: no other suite writes there.
const OPERATORS = ['400009', '401005', '401315'];

/**
 * The API and the worker on a redis-server of the test's own and on a database of the
 * test's own: only this suite's worker can relay this suite's outbox, so "nothing lost"
 * is this worker's doing and not another suite's.
 */
describe('a 10-second Redis outage during 100 status changes', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'REDIS_URL', 'QUEUE_PREFIX']);
  let database: OwnDatabase;
  let redis: OwnRedis;
  let t: TestApp;
  let worker: TestWorker;
  /** Set while this suite has its Redis stopped, so that a failure mid-outage still closes cleanly. */

  beforeAll(async () => {
    database = await createOwnDatabase('outage');
    redis = await OwnRedis.start();
    process.env.DATABASE_URL = database.url;
    process.env.REDIS_URL = redis.url;
    process.env.QUEUE_PREFIX = `line-tracker-test-faults-outage-${process.pid}`;
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
  }, 60_000);

  afterAll(async () => {
    try {
      // BullMQ waits for Redis to close its workers: bring it back first if a failure left it down.
      if (redis && !redis.running) await redis.start();
      await worker?.close();
      await t?.close();
      await redis?.stop();
    } finally {
      await database?.drop();
      restoreEnv();
      resetAppConfig();
    }
  }, 30_000);

  it('answers every change 2xx and stores it, and once Redis is back every finding is right: none lost', async () => {
    const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);
    const r = prng(seed);
    const token = await tokenFor(t, 'prefecture', '40');
    const services: ScenarioService[] = await createScenarioServices(t, token, OPERATORS, SERVICES);
    const ids = services.map((s) => s.id);
    await waitFor(async () => ((await unprocessedRequests(t.db, ids)) === 0 ? true : undefined), 10_000, 50);

    // Which service gets which change, in which order: every service at least twice.
    const targets = r.shuffle([...ids, ...ids, ...Array.from({ length: CHANGES - 2 * SERVICES }, () => r.pick(ids))]);
    const kinds: [string, 'now' | 'past' | 'future'][] = [
      ['suspended', 'now'],
      ['suspended', 'now'],
      ['discontinued', 'now'],
      ['active', 'now'],
      ['suspended', 'future'],
      ['discontinued', 'future'],
      ['planned', 'past'],
      ['postponed', 'now'],
    ];

    await redis.stop();
    const outageStart = Date.now();
    const answers: { status: number; ms: number; body: unknown }[] = [];
    const lastStatusSent = new Map<string, { status: string; when: string }>();
    for (let i = 0; i < CHANGES; i++) {
      // Spread over the outage: change i leaves at i/100 of it.
      const due = outageStart + Math.floor((i * (OUTAGE_MS - 500)) / CHANGES);
      if (due > Date.now()) await sleep(due - Date.now());
      const [status, when] = r.pick(kinds);
      const started = Date.now();
      const res = await request(t.http).post(`/v1/services/${targets[i]}/status-changes`).set(bearer(token)).send(statusChangeBody(status, when, `outage change ${i} (seed ${seed})`));
      answers.push({ status: res.status, ms: Date.now() - started, body: res.status >= 300 ? res.body : undefined });
      lastStatusSent.set(targets[i], { status, when });
    }
    // Redis stays away for the whole outage, however fast the changes went.
    if (outageStart + OUTAGE_MS > Date.now()) await sleep(outageStart + OUTAGE_MS - Date.now());
    // The API still serves without Redis: /health says degraded (200), naming Redis, not the database.
    const health = await request(t.http).get('/health').expect(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.details.redis.status).toBe('degraded');
    expect(health.body.details.database.status).toBe('up');
    const pendingDuringOutage = await unprocessedRequests(t.db, ids);
    const outageMs = Date.now() - outageStart;
    await redis.start();
    const restarted = Date.now();

    // Every change answered 2xx, promptly, and is stored.
    expect({ seed, failed: answers.filter((a) => a.status !== 201) }).toEqual({ seed, failed: [] });
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(3000);
    expect(outageMs).toBeGreaterThanOrEqual(OUTAGE_MS);
    const [{ stored }] = await t.db.query(`SELECT count(*)::int AS stored FROM status_changes WHERE service_id = ANY ($1::uuid[]) AND reason LIKE 'outage change %'`, [ids]);
    expect(stored).toBe(CHANGES);
    // Nothing could be evaluated while Redis was away: the outbox held the work.
    expect(pendingDuringOutage).toBeGreaterThan(0);

    // Once Redis is back the relay enqueues the outbox; every request gets processed.
    await waitFor(async () => ((await unprocessedRequests(t.db, ids)) === 0 ? true : undefined), 60_000, 200);
    const recoveredMs = Date.now() - restarted;

    // Findings are right: what the rules want, and a fresh sweep would change nothing.
    const report = await groundTruthReport(t.db, ids);
    expect({ seed, missing: report.missing, unexpected: report.unexpected, sweep: report.sweepWouldChange }).toEqual({
      seed,
      missing: [],
      unexpected: [],
      sweep: { statusEvents: 0, findingChanges: [] },
    });
    expect(await duplicateOpenFindings(t.db)).toEqual([]);
    // The outage produced findings of several kinds (the scenario is not trivially empty).
    expect(new Set(report.open.map((f) => f.kind)).size).toBeGreaterThanOrEqual(3);
    // Every immediate change is the service's current status unless a later-dated one is in effect.
    for (const [id, last] of lastStatusSent) {
      if (last.when !== 'now') continue;
      const [row] = await t.db.query(`SELECT current_status FROM line_services WHERE id = $1`, [id]);
      expect({ id, status: row.current_status }).toEqual({ id, status: last.status });
    }
    await waitFor(async () => ((await request(t.http).get('/health')).status === 200 ? true : undefined), 15_000, 200);
    expect(recoveredMs).toBeLessThan(60_000);
  }, 150_000);
});
