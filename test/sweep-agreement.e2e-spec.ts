import { DataSource } from 'typeorm';
import { resetAppConfig } from '../src/config/app-config';
import { startApp, TestApp, unique } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { startWorker, TestWorker } from './support/worker';

/** A small seeded PRNG, so a failing run can be replayed with the seed it prints. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick, chance: (p: number) => next() < p, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const STATUSES = ['planned', 'postponed', 'active', 'suspended', 'discontinued'];

function randomHours(r: ReturnType<typeof prng>) {
  if (r.chance(0.2)) return null;
  if (r.chance(0.2)) return { type: 'always' };
  const days = DAYS.filter(() => r.chance(0.4));
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const ranges = (days.length ? days : ['mon']).map((day) => {
    const start = r.int(0, 47) * 30;
    return { day, start: hhmm(start), end: hhmm((start + r.int(1, 24) * 30) % 1440) };
  });
  return { type: 'weekly', publicHolidays: r.pick(['closed', 'as_usual', 'as_sunday']), ranges };
}

/** Random services with random timelines (past, undated, future, withdrawn) and channels with random validity. */
async function randomServices(db: DataSource, seed: number, count: number): Promise<string[]> {
  const r = prng(seed);
  const operators: { code: string; prefecture_code: string }[] = await db.query(`SELECT code, prefecture_code FROM local_governments ORDER BY random() LIMIT 40`);
  const ids: string[] = [];
  const hour = 3_600_000;
  const minute = 60_000;
  for (let i = 0; i < count; i++) {
    const op = r.pick(operators);
    const [{ id }] = await db.query(
      `INSERT INTO line_services (local_government_code, prefecture_code, name, category, audiences, handles_personal_data, life_critical, line_hours)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        op.code,
        op.prefecture_code,
        unique('random service'),
        r.pick(['consultation', 'information', 'reservation', 'payment', 'application', 'health_monitoring', 'other']),
        ['children', 'youth', 'parents', 'adults', 'general'].filter(() => r.chance(0.3)),
        r.chance(0.5),
        r.chance(0.2),
        JSON.stringify(randomHours(r)),
      ],
    );
    ids.push(id);
    for (let c = r.int(1, 4); c > 0; c--) {
      const when = r.chance(0.15) ? null : new Date(Date.now() + r.int(-2000, 200) * hour);
      await db.query(`INSERT INTO status_changes (service_id, status, effective_at, recorded_by, withdrawn_at) VALUES ($1, $2, $3, 'random', $4)`, [
        id,
        r.pick(STATUSES),
        when,
        when && when.getTime() > Date.now() && r.chance(0.2) ? new Date() : null,
      ]);
    }
    for (let c = r.int(0, 3); c > 0; c--) {
      // Validity: open, or bounded hours away (past or future), or starting or expiring soon,
      // so that stopped services' channels run out before others start (and do not). Never
      // within the quarter of an hour the test takes: the evaluation and the sweep must see
      // the same channels valid.
      const soon = () => Date.now() + r.int(15, 180) * minute;
      const from = r.chance(0.7) ? null : r.chance(0.3) ? new Date(soon()) : new Date(Date.now() + r.int(-500, 300) * hour);
      const until = r.chance(0.6) ? null : r.chance(0.4) ? new Date(Math.max(soon(), from?.getTime() ?? 0)) : new Date((from?.getTime() ?? Date.now()) + r.int(-100, 400) * hour);
      await db.query(`INSERT INTO fallback_channels (service_id, kind, label, contact, hours, valid_from, valid_until) VALUES ($1, $2, 'random', $3, $4, $5, $6)`, [
        id,
        r.pick(['phone', 'email', 'in_person', 'website']),
        r.chance(0.5) ? '' : 'known',
        JSON.stringify(randomHours(r)),
        from,
        until && from && until < from ? from : until,
      ]);
    }
  }
  return ids;
}

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

  it('agree on randomly generated services', async () => {
    const seed = Number(process.env.AGREEMENT_SEED ?? Date.now() % 100000);
    const ids = await randomServices(t.db, seed, 150);
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
