import { resetAppConfig } from '../src/config/app-config';
import { startApp, TestApp } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { prng, randomServices } from './support/random-services';
import { startWorker, TestWorker } from './support/worker';

/**
 * In a database of the suite's own (copied from the seeded template): it writes hundreds of
 * services straight into the tables and sweeps every service, which the other suites'
 * "nothing was stored" checks on the shared test database must not see.
 */
describe('the sweep and the per-service evaluation', () => {
  const restoreEnv = saveEnv(['QUEUE_PREFIX', 'DATABASE_URL']);
  const prefix = faultsPrefix('agreement');
  let database: OwnDatabase;
  let t: TestApp;
  let worker: TestWorker;

  beforeAll(async () => {
    database = await createOwnDatabase('agreement');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
  }, 60_000);
  afterAll(async () => {
    try {
      await worker?.close();
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
    }
  }, 30_000);

  const openFindings = async (ids: string[]) =>
    t.db.query(`SELECT service_id, kind, severity, details FROM findings WHERE resolved_at IS NULL AND service_id = ANY ($1::uuid[]) ORDER BY service_id, kind`, [ids]);

  /**
   * Random ages of record and last verifications (whole days and 12 hours, so that no record
   * goes stale while the test runs), and random transition plans (Tokyo days around today),
   * for stale_record and stop_before_switch. Its own PRNG stream: randomServices' is shared.
   */
  async function randomRecords(ids: string[], seed: number): Promise<void> {
    const r = prng(seed + 1);
    const rows = ids.map((id) => {
      const planned = r.chance(0.4);
      return {
        id,
        createdDaysAgo: r.int(0, 400),
        verifiedDaysAgo: r.chance(0.3) ? null : r.int(0, 200),
        toKind: planned ? r.pick(['chat_platform', 'phone', 'web_form']) : null,
        stopIn: planned && r.chance(0.9) ? r.int(-5, 30) : null,
        switchIn: planned && r.chance(0.9) ? r.int(-5, 30) : null,
      };
    });
    await t.db.query(
      `UPDATE line_services s
          SET created_at = now() - make_interval(hours => 24 * u.created + 12),
              last_verified_at = now() - make_interval(hours => 24 * u.verified + 12),
              last_verified_by = CASE WHEN u.verified IS NULL THEN NULL ELSE 'random' END,
              transition_to_kind = u.to_kind, transition_to_platform = CASE WHEN u.to_kind IS NULL THEN NULL ELSE 'random' END,
              transition_stop_on = CASE WHEN u.to_kind IS NULL THEN NULL ELSE hours_tokyo_day(now()) + u.stop_in END,
              transition_switch_on = CASE WHEN u.to_kind IS NULL THEN NULL ELSE hours_tokyo_day(now()) + u.switch_in END
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::int[], $6::int[]) AS u (id, created, verified, to_kind, stop_in, switch_in)
        WHERE s.id = u.id`,
      [rows.map((x) => x.id), rows.map((x) => x.createdDaysAgo), rows.map((x) => x.verifiedDaysAgo), rows.map((x) => x.toKind), rows.map((x) => x.stopIn), rows.map((x) => x.switchIn)],
    );
  }

  it('agree on randomly generated services', async () => {
    const seed = Number(process.env.AGREEMENT_SEED ?? Date.now() % 100000);
    const ids = await randomServices(t.db, seed, 150);
    await randomRecords(ids, seed);
    for (const id of ids) await worker.engine.evaluate(id);
    const byEvaluation = await openFindings(ids);

    await t.db.query(`DELETE FROM findings WHERE service_id = ANY ($1::uuid[])`, [ids]);
    await worker.engine.sweep();
    const bySweep = await openFindings(ids);

    expect({ seed, findings: bySweep }).toEqual({ seed, findings: byEvaluation });
    // Variety: the generated data must exercise more than one kind of finding, and the
    // warning of channels that run out.
    expect(new Set(byEvaluation.map((f: { kind: string }) => f.kind)).size).toBeGreaterThanOrEqual(3);
    const runOut = byEvaluation.filter((f: { kind: string; details: { reason?: string } }) => f.kind === 'impending_no_alternative' && f.details.reason === 'channels_expire');
    expect({ seed, runOut: runOut.length > 0 }).toEqual({ seed, runOut: true });
    const stale = byEvaluation.filter((f: { kind: string }) => f.kind === 'stale_record');
    const stopFirst = byEvaluation.filter((f: { kind: string; details: { reason?: string } }) => f.kind === 'impending_no_alternative' && f.details.reason === 'stop_before_switch');
    expect({ seed, stale: stale.length > 0, stopFirst: stopFirst.length > 0 }).toEqual({ seed, stale: true, stopFirst: true });
    // Evaluating again after the sweep changes nothing.
    for (const id of ids) {
      const outcome = await worker.engine.evaluate(id);
      expect({ id, seed, changes: outcome.opened + outcome.resolved + outcome.severityChanged }).toEqual({ id, seed, changes: 0 });
    }
  });

  it('agree on the seed data', async () => {
    const seedIds: string[] = (await t.db.query(`SELECT DISTINCT service_id FROM status_changes WHERE recorded_by = 'seed: line-2021-cases.md'`)).map((r: { service_id: string }) => r.service_id);
    expect(seedIds.length).toBeGreaterThan(30);
    await worker.engine.sweep();
    const bySweep = await openFindings(seedIds);
    expect(bySweep.length).toBeGreaterThan(5);
    // Other suites read the seed's findings, so they are not deleted here: after the sweep,
    // evaluating each seed service one by one must find nothing to change.
    for (const id of seedIds) {
      const outcome = await worker.engine.evaluate(id);
      expect({ id, changes: outcome.opened + outcome.resolved + outcome.severityChanged }).toEqual({ id, changes: 0 });
    }
    expect(await openFindings(seedIds)).toEqual(bySweep);
  });
});
