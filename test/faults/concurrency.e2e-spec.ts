import { Client } from 'pg';
import request from 'supertest';
import { resetAppConfig } from '../../src/config/app-config';
import { refreshStatusSql } from '../../src/line-services/current-status.sql';
import { bearer, createService, startApp, TestApp, tokenFor } from '../support/app';
import { duplicateOpenFindings, groundTruthReport, unprocessedRequests } from '../support/faults/ground-truth';
import { expectStandardError, prng, saveEnv } from '../support/faults/http';
import { createOwnDatabase, OwnDatabase } from '../support/faults/own-database';
import { deleteKeysUnder, faultsPrefix, releaseSuite } from '../support/faults/redis-keys';
import { TcpProxy } from '../support/faults/tcp-proxy';
import { startWorker, TestWorker, waitFor } from '../support/worker';

// 神奈川県 and 横浜市: no other suite writes there.
const OPERATOR = '141003';

/**
 * On a database of the suite's own (made like line_tracker_test): its bursts of writes would
 * otherwise trip the other suites' "nothing stored" checks, and their workers would evaluate
 * these services alongside this suite's.
 */
describe('concurrent writes to one service', () => {
  const restoreEnv = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
  let database: OwnDatabase;
  const prefix = faultsPrefix('concurrency');
  let t: TestApp;
  /** Two workers, as a deployment that scales them would run: evaluations of one service then also run side by side. */
  let workers: TestWorker[] = [];
  let token: string;
  const seed = Number(process.env.FAULTS_SEED ?? Date.now() % 100_000);

  beforeAll(async () => {
    database = await createOwnDatabase('concurrency');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    workers = [await startWorker(), await startWorker()];
    token = await tokenFor(t, 'prefecture', '14');
  }, 60_000);
  afterAll(async () => {
    try {
      for (const worker of workers) await worker.close();
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  const latestInEffect = async (serviceId: string) =>
    (
      await t.db.query(
        `SELECT id::text, status, effective_at FROM status_changes
          WHERE service_id = $1 AND withdrawn_at IS NULL AND (effective_at IS NULL OR effective_at <= now())
          ORDER BY effective_at DESC NULLS LAST, id DESC LIMIT 1`,
        [serviceId],
      )
    )[0];

  /**
   * 50 concurrent status changes on one service, three times over (a fresh service each
   * time): the interleavings differ from run to run, and three rounds catch more of them.
   */
  describe('50 concurrent status changes on one service', () => {
    const ROUNDS = 3;
    const rounds: { serviceId: string; answers: request.Response[]; rightAfter: Awaited<ReturnType<typeof current>> }[] = [];

    /** The service's shown status next to the latest change in effect (by effective time, then id). */
    const current = async (serviceId: string) => {
      const latest = await latestInEffect(serviceId);
      const shown = (await request(t.http).get(`/v1/services/${serviceId}`).expect(200)).body;
      return {
        serviceId,
        expected: { status: latest.status, since: latest.effective_at.toISOString() },
        shown: { status: shown.currentStatus, since: shown.currentStatusSince },
      };
    };
    const ids = () => rounds.map((round) => round.serviceId);

    beforeAll(async () => {
      const r = prng(seed);
      for (let round = 0; round < ROUNDS; round++) {
        const serviceId = (await createService(t, token, OPERATOR, { category: 'consultation', audiences: ['children'] })).id;
        const bodies = Array.from({ length: 50 }, (_, i) => {
          const status = r.pick(['suspended', 'discontinued', 'active', 'active', 'postponed']);
          const body: Record<string, unknown> = { status, reason: `concurrent ${i} (seed ${seed})` };
          if (r.chance(0.2)) body.effectiveAt = new Date(Date.now() + r.int(1, 48) * 3_600_000).toISOString();
          return body;
        });
        const answers = await Promise.all(bodies.map((body) => request(t.http).post(`/v1/services/${serviceId}/status-changes`).set(bearer(token)).send(body)));
        // Read at once, before any evaluation could touch the service.
        rounds.push({ serviceId, answers, rightAfter: await current(serviceId) });
      }
    });

    it('are all stored: 201 each, 50 history rows, a version of their own each', async () => {
      for (const { serviceId, answers } of rounds) {
        expect({ seed, statuses: answers.map((a) => a.status) }).toEqual({ seed, statuses: Array(50).fill(201) });
        expect(new Set(answers.map((a) => a.headers.etag)).size).toBe(50);
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM status_changes WHERE service_id = $1 AND reason LIKE 'concurrent %'`, [serviceId]);
        expect(n).toBe(50);
        const timeline = (await request(t.http).get(`/v1/services/${serviceId}/status-changes`).expect(200)).body.items;
        expect(timeline).toHaveLength(51);
        const fromTimeline = timeline.filter((c: { reason: string | null }) => c.reason?.startsWith('concurrent')).map((c: { id: string }) => c.id);
        expect(new Set(fromTimeline)).toEqual(new Set(answers.map((a) => a.body.id)));
      }
    });

    it('leave the latest change in effect (by effective time, then id) as the current status, as soon as they are answered', () => {
      const wrong = rounds.map((round) => round.rightAfter).filter((c) => JSON.stringify(c.shown) !== JSON.stringify(c.expected));
      expect({ seed, wrong }).toEqual({ seed, wrong: [] });
    });

    it('once the worker has evaluated them: the status still right, at most one open finding per kind, findings equal to the ground truth', async () => {
      await waitFor(async () => ((await unprocessedRequests(t.db, ids())) === 0 ? true : undefined), 20_000, 50);
      const now = await Promise.all(ids().map(current));
      expect({ seed, wrong: now.filter((c) => JSON.stringify(c.shown) !== JSON.stringify(c.expected)) }).toEqual({ seed, wrong: [] });
      const report = await groundTruthReport(t.db, ids());
      const perKind = report.open.reduce<Record<string, number>>((acc, f) => ({ ...acc, [`${f.service_id} ${f.kind}`]: (acc[`${f.service_id} ${f.kind}`] ?? 0) + 1 }), {});
      expect(Object.entries(perKind).filter(([, n]) => n > 1)).toEqual([]);
      expect({ seed, missing: report.missing, unexpected: report.unexpected, sweep: report.sweepWouldChange }).toEqual({
        seed,
        missing: [],
        unexpected: [],
        sweep: { statusEvents: 0, findingChanges: [] },
      });
      expect(await duplicateOpenFindings(t.db)).toEqual([]);
    });

    it('move the version one step per write: nothing came due, so no evaluation had a status to correct', async () => {
      await waitFor(async () => ((await unprocessedRequests(t.db, ids())) === 0 ? true : undefined), 20_000, 50);
      const versions = await t.db.query(`SELECT id::text AS "serviceId", version FROM line_services WHERE id = ANY ($1::uuid[]) ORDER BY id`, [ids()]);
      expect({ seed, versions }).toEqual({ seed, versions: [...ids()].sort().map((serviceId) => ({ serviceId, version: 51 })) });
    });
  });

  it('20 concurrent PATCHes with the same If-Match: exactly one 200, nineteen 412, the version one up', async () => {
    const service = await createService(t, token, OPERATOR);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.http).patch(`/v1/services/${service.id}`).set(bearer(token)).set('If-Match', '"1"').send({ description: `concurrent patch ${i}` }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    const stale = answers.filter((a) => a.status === 412);
    expect({ ok: ok.length, stale: stale.length, others: answers.filter((a) => a.status !== 200 && a.status !== 412).map((a) => [a.status, a.body]) }).toEqual({ ok: 1, stale: 19, others: [] });
    for (const res of stale) expectStandardError(res, 412);
    const after = (await request(t.http).get(`/v1/services/${service.id}`).expect(200)).body;
    expect(after.version).toBe(2);
    expect(after.description).toBe(ok[0].body.description);
    expect(ok[0].headers.etag).toBe('"2"');
    const [{ audits }] = await t.db.query(`SELECT count(*)::int AS audits FROM audit_log WHERE service_id = $1 AND action = 'service.update'`, [service.id]);
    expect(audits).toBe(1);
  });

  it('the same If-Match on a PATCH, a status change and a new channel sent together: exactly one of them happens', async () => {
    const service = await createService(t, token, OPERATOR);
    const sends = [];
    for (let i = 0; i < 6; i++) {
      sends.push(request(t.http).patch(`/v1/services/${service.id}`).set(bearer(token)).set('If-Match', '"1"').send({ description: `race ${i}` }));
      sends.push(request(t.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(token)).set('If-Match', '"1"').send({ status: 'suspended', reason: `race ${i}` }));
      sends.push(
        request(t.http)
          .post(`/v1/services/${service.id}/fallback-channels`)
          .set(bearer(token))
          .set('If-Match', '"1"')
          .send({ kind: 'phone', label: `race ${i}`, contact: '0120-000-000' }),
      );
    }
    const answers = await Promise.all(sends);
    const ok = answers.filter((a) => a.status === 200 || a.status === 201);
    expect({ ok: ok.length, stale: answers.filter((a) => a.status === 412).length }).toEqual({ ok: 1, stale: 17 });
    const [row] = await t.db.query(
      `SELECT s.version,
              (SELECT count(*)::int FROM status_changes c WHERE c.service_id = s.id AND c.reason LIKE 'race %') AS changes,
              (SELECT count(*)::int FROM fallback_channels f WHERE f.service_id = s.id) AS channels,
              (s.description IS NOT NULL)::int AS patched
         FROM line_services s WHERE s.id = $1`,
      [service.id],
    );
    expect(row.version).toBe(2);
    expect(row.changes + row.channels + row.patched).toBe(1);
  });
  /**
   * The same race, made deterministic with locks of the test's own: an evaluation (E1) that
   * starts while a write holds the service row must not act on what it saw before that write
   * committed. L plays the API's write (it holds the service row, records an "active" change
   * and brings the current status up to date, as the API does); E1 waits for the row and then
   * sees L's write; a later evaluation (E2) finds nothing left to change.
   */
  it('an evaluation that read the service before a write cannot undo that write once both are done', async () => {
    const hour = 3_600_000;
    const service = await createService(t, token, OPERATOR, { initialStatus: { status: 'active', effectiveAt: new Date(Date.now() - hour).toISOString() } });
    await waitFor(async () => ((await unprocessedRequests(t.db, [service.id])) === 0 ? true : undefined), 10_000, 50);
    const [l, other] = [new Client({ connectionString: database.url }), new Client({ connectionString: database.url })];
    for (const client of [l, other]) client.on('error', () => undefined);
    await Promise.all([l.connect(), other.connect()]);
    const waiting = async () =>
      (await other.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows[0].n as number;
    try {
      // L holds the service row, as a write in progress does (NO KEY UPDATE: the lock an UPDATE takes, which lets rows referring to it be inserted).
      await l.query('BEGIN');
      await l.query(`SELECT 1 FROM line_services WHERE id = $1 FOR NO KEY UPDATE`, [service.id]);
      // A suspension ten minutes ago is recorded (its evaluation is what E1 stands for).
      await other.query(`INSERT INTO status_changes (service_id, status, effective_at, recorded_by) VALUES ($1, 'suspended', now() - interval '10 minutes', 'fault test')`, [service.id]);
      const e1 = workers[0].engine.evaluate(service.id);
      await waitFor(async () => ((await waiting()) >= 1 ? true : undefined), 5000, 10);
      // L records that the service was active again five minutes ago, updates the current status, and commits.
      await l.query(`INSERT INTO status_changes (service_id, status, effective_at, recorded_by) VALUES ($1, 'active', now() - interval '5 minutes', 'fault test')`, [service.id]);
      await l.query(refreshStatusSql('= ANY($1::uuid[])', false), [[service.id]]);
      await l.query('COMMIT');
      // E1 waited for the service row (it locks it first), so it reads L's write, not what was there before.
      await e1;
      await workers[1].engine.evaluate(service.id);
    } finally {
      await l.query('ROLLBACK').catch(() => undefined);
      await Promise.all([l.end(), other.end()]);
    }
    const latest = await latestInEffect(service.id);
    const [row] = await t.db.query(`SELECT current_status, current_status_since FROM line_services WHERE id = $1`, [service.id]);
    const report = await groundTruthReport(t.db, [service.id]);
    expect({
      current: { status: row.current_status, since: row.current_status_since.toISOString() },
      unexpectedFindings: report.unexpected.map((f) => f.split(' ')[1]),
      sweepWouldChange: report.sweepWouldChange.statusEvents + report.sweepWouldChange.findingChanges.length,
    }).toEqual({ current: { status: 'active', since: latest.effective_at.toISOString() }, unexpectedFindings: [], sweepWouldChange: 0 });
  });
  /**
   * The first race above, made deterministic: two API instances, one reaching PostgreSQL
   * through a slow path (a proxy of the test's own adding 300 ms each way while write A
   * starts). Write A begins its transaction first; write B, on the fast instance, begins
   * later and commits while A is still on its way to the service row. B's change is the
   * later one by effective time (an undated change takes effect when its transaction
   * began), so it is the current status. The check follows A's answer at once, before the
   * workers' relay (which waits a second) could evaluate the service.
   */
  it('a write that began earlier but commits later does not hide the later change from the current status', async () => {
    const target = new URL(database.url);
    const proxy = await TcpProxy.start({ targetHost: target.hostname, targetPort: Number(target.port || 5432) });
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const restore = saveEnv(['DATABASE_URL', 'QUEUE_PREFIX']);
    // Queues no worker reads: only the API's own work shows in what is checked right after the answers.
    const quiet = faultsPrefix('concurrency-quiet');
    const apps: TestApp[] = [];
    const direct = new Client({ connectionString: database.url });
    direct.on('error', () => undefined);
    try {
      process.env.QUEUE_PREFIX = quiet;
      process.env.DATABASE_URL = viaProxy.toString();
      resetAppConfig();
      const slow = await startApp();
      apps.push(slow);
      process.env.DATABASE_URL = database.url;
      resetAppConfig();
      const fast = await startApp();
      apps.push(fast);
      await direct.connect();
      const service = await createService(t, token, OPERATOR);
      await request(slow.http).get(`/v1/services/${service.id}`).expect(200);

      proxy.setLatency(300);
      const a = request(slow.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(token)).send({ status: 'suspended', reason: 'write A' }).then((res) => res);
      // A's transaction has begun (its BEGIN reached the server) and A has not asked for the row yet.
      await waitFor(
        async () =>
          (
            await direct.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND client_port = ANY ($1::int[]) AND state = 'idle in transaction'`, [
              proxy.upstreamPorts,
            ])
          ).rows[0].n > 0
            ? true
            : undefined,
        10_000,
        5,
      );
      const b = await request(fast.http).post(`/v1/services/${service.id}/status-changes`).set(bearer(token)).send({ status: 'active', reason: 'write B' });
      proxy.setLatency(0);
      const answerA = await a;
      expect([answerA.status, b.status]).toEqual([201, 201]);
      const [row] = await t.db.query(`SELECT current_status, current_status_since FROM line_services WHERE id = $1`, [service.id]);
      const latest = await latestInEffect(service.id);
      // B was recorded first. An undated change takes effect when it is recorded (after the
      // row lock), so A, recorded after B, is the later change, and the current status is A's.
      expect(Number(b.body.id)).toBeLessThan(Number(answerA.body.id));
      expect(Date.parse(answerA.body.effectiveAt)).toBeGreaterThanOrEqual(Date.parse(b.body.effectiveAt));
      expect({ status: row.current_status, since: row.current_status_since.toISOString() }).toEqual({ status: latest.status, since: latest.effective_at.toISOString() });
      expect(latest.status).toBe('suspended');
    } finally {
      proxy.setLatency(0);
      for (const app of apps) await app.close();
      await direct.end().catch(() => undefined);
      await proxy.close();
      await deleteKeysUnder(quiet);
      restore();
      resetAppConfig();
    }
  }, 60_000);
});
