import request from 'supertest';
import { resetAppConfig } from '../src/config/app-config';
import { DEFAULT_STALE_POLICY } from '../src/gaps/gap-rules';
import { bearer, createService, startApp, TestApp, tokenFor } from './support/app';
import { saveEnv } from './support/faults/http';
import { createOwnDatabase, OwnDatabase } from './support/faults/own-database';
import { faultsPrefix, releaseSuite } from './support/faults/redis-keys';
import { startWorker, TestWorker } from './support/worker';

// Times from the clock: the records are made old relative to now, by whole days either side
// of the policies, and the reports compared are as of now.

type Row = Record<string, string | number | null>;
interface Report {
  asOf: string;
  rows: Row[];
  total: Row;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A policy shorter than the default on both counts: records the default holds fresh are stale by it. */
const POLICY = { days: 20, urgentDays: 10 };
const REPORTS = ['national', 'prefectures/27'];

/**
 * The report for now counts the stale_record findings the engine opened under the configured
 * policy (STALE_AFTER_DAYS, STALE_AFTER_DAYS_URGENT); the report as of a time evaluates the
 * gap rules over the history, and must do so under the same policy, or the two disagree on
 * staleRecords. On a database of its own (a copy of the seeded template), with the API and the
 * worker started on the policy, the sweep's scheduler set far apart.
 */
describe('the reports under a stale policy other than the default', () => {
  const restoreEnv = saveEnv(['QUEUE_PREFIX', 'DATABASE_URL', 'SWEEP_INTERVAL_MS', 'STALE_AFTER_DAYS', 'STALE_AFTER_DAYS_URGENT']);
  const prefix = faultsPrefix('stale-policy');
  let database: OwnDatabase;
  let t: TestApp;
  let worker: TestWorker;
  let ministry: string;
  let osaka: string;

  beforeAll(async () => {
    database = await createOwnDatabase('stale_policy');
    process.env.DATABASE_URL = database.url;
    process.env.QUEUE_PREFIX = prefix;
    process.env.SWEEP_INTERVAL_MS = String(24 * HOUR);
    process.env.STALE_AFTER_DAYS = String(POLICY.days);
    process.env.STALE_AFTER_DAYS_URGENT = String(POLICY.urgentDays);
    resetAppConfig();
    t = await startApp();
    worker = await startWorker();
    [ministry, osaka] = await Promise.all([tokenFor(t, 'ministry'), tokenFor(t, 'prefecture', '27')]);
    // The template's seed services were never evaluated: the engine catches up first.
    await worker.engine.sweep();
  }, 60_000);
  afterAll(async () => {
    try {
      await worker?.close();
      await t?.close();
    } finally {
      await releaseSuite({ database, prefixes: [prefix], restoreEnv });
      resetAppConfig();
    }
  }, 30_000);

  const json = async (path: string, asOf?: string): Promise<Report> =>
    (await request(t.http).get(`/v1/reports/${path}`).query(asOf ? { asOf } : {}).set(bearer(ministry)).expect(200)).body;
  const staleIn27 = (report: Report) => report.rows.find((row) => row.code === '27')!.staleRecords as number;

  /**
   * Makes a record old: created a day before, and last verified, `days` days ago. A
   * verification takes the clock, so it is written in SQL, into the history as well as on the
   * service row (the report as of a time reads the history).
   */
  async function lastVerifiedDaysAgo(serviceId: string, days: number): Promise<void> {
    const verifiedAt = new Date(Date.now() - days * DAY);
    await t.db.query(`INSERT INTO service_verifications (service_id, method, verified_at, verified_by) VALUES ($1, 'phone_call', $2, 'test: aged')`, [serviceId, verifiedAt]);
    await t.db.query(`UPDATE line_services SET created_at = $2::timestamptz - interval '1 day', last_verified_at = $2, last_verified_by = 'test: aged' WHERE id = $1`, [serviceId, verifiedAt]);
  }

  const openStale = async (serviceId: string): Promise<unknown[]> =>
    (await t.db.query(`SELECT details->'policyDays' AS days FROM findings WHERE service_id = $1 AND kind = 'stale_record' AND resolved_at IS NULL`, [serviceId])).map(
      (row: { days: number }) => row.days,
    );

  it('counts the same stale records now and as of now, by the configured policy', async () => {
    expect(POLICY.days).toBeLessThan(DEFAULT_STALE_POLICY.days);
    expect(POLICY.urgentDays).toBeLessThan(DEFAULT_STALE_POLICY.urgentDays);
    const before = await json('national');

    // In 大阪市: a general service verified 25 days ago (stale after 20 days, fresh by the
    // default 90), a children's service verified 15 days ago (stale after 10, fresh by the
    // default 30), and a general one verified 15 days ago (fresh by either).
    const general = { category: 'information', audiences: ['general'], handlesPersonalData: false, lifeCritical: false };
    const stale = await createService(t, osaka, '271004', general);
    const staleChildren = await createService(t, osaka, '271004', { category: 'consultation', audiences: ['children'] });
    const fresh = await createService(t, osaka, '271004', general);
    await lastVerifiedDaysAgo(stale.id, 25);
    await lastVerifiedDaysAgo(staleChildren.id, 15);
    await lastVerifiedDaysAgo(fresh.id, 15);
    await worker.engine.sweep();

    expect([await openStale(stale.id), await openStale(staleChildren.id), await openStale(fresh.id)]).toEqual([[POLICY.days], [POLICY.urgentDays], []]);

    for (const path of REPORTS) {
      const now = await json(path);
      const history = await json(path, new Date().toISOString());
      expect({ path, rows: history.rows, total: history.total }).toEqual({ path, rows: now.rows, total: now.total });
    }
    const after = await json('national', new Date().toISOString());
    expect(staleIn27(after) - staleIn27(before)).toBe(2);
  });
});
