import { DataSource } from 'typeorm';
import { desiredFindingsCtes, reconcileSql } from '../../../src/gaps/reconcile.sql';
import { refreshStatusSql } from '../../../src/line-services/current-status.sql';

export interface FindingRow {
  service_id: string;
  kind: string;
  severity: string;
  details: unknown;
}

const SCOPE = '= ANY($1::uuid[])';

/** The open findings of these services, in a stable order. */
export async function openFindings(db: DataSource, serviceIds: string[]): Promise<FindingRow[]> {
  return db.query(
    `SELECT service_id::text, kind, severity, details FROM findings
      WHERE resolved_at IS NULL AND service_id = ANY ($1::uuid[]) ORDER BY service_id, kind`,
    [serviceIds],
  );
}

/** What the gap rules say these services should have now (read only: the same CTEs the sweep reconciles against). */
export async function desiredFindings(db: DataSource, serviceIds: string[]): Promise<FindingRow[]> {
  return db.query(`WITH ${desiredFindingsCtes(SCOPE)} SELECT service_id::text, kind, severity, details FROM desired ORDER BY service_id, kind`, [serviceIds]);
}

export interface SweepDryRun {
  statusEvents: number;
  findingChanges: { change: string; service_id: string; kind: string; severity: string; previous_severity: string | null }[];
}

/**
 * What a fresh sweep would change for these services: the sweep's own two statements
 * (refresh the current status, reconcile the findings) restricted to them, run in a
 * transaction that is rolled back. Restricting the scope changes nothing for the services
 * in it (test/sweep-agreement.e2e-spec.ts), and rolling back leaves the other suites' data,
 * outbox and findings alone, which a real sweep of every service would not.
 */
export async function sweepDryRun(db: DataSource, serviceIds: string[]): Promise<SweepDryRun> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const statusEvents: unknown[] = await runner.query(refreshStatusSql(SCOPE, true), [serviceIds]);
    const rows: SweepDryRun['findingChanges'] = await runner.query(reconcileSql(SCOPE), [serviceIds]);
    // A 'changed' row with the same severity means the details (uncovered hours, the pending change) were stale.
    const findingChanges = rows.map(({ change, service_id, kind, severity, previous_severity }) => ({ change, service_id, kind, severity, previous_severity }));
    return { statusEvents: statusEvents.length, findingChanges };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Services and kinds with more than one open finding, anywhere in the database. */
export async function duplicateOpenFindings(db: DataSource): Promise<unknown[]> {
  return db.query(`SELECT service_id, kind, count(*)::int AS n FROM findings WHERE resolved_at IS NULL GROUP BY 1, 2 HAVING count(*) > 1`);
}

/** Evaluation requests of these services that no worker has processed yet. */
export async function unprocessedRequests(db: DataSource, serviceIds: string[]): Promise<number> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM evaluation_requests WHERE processed_at IS NULL AND service_id = ANY ($1::uuid[])`, [serviceIds]);
  return n;
}

/**
 * The three ways of asking whether the findings of these services are right, together:
 * the open findings equal what the rules want, and a fresh sweep would change nothing.
 */
export async function groundTruthReport(db: DataSource, serviceIds: string[]) {
  const [open, desired, dryRun] = [await openFindings(db, serviceIds), await desiredFindings(db, serviceIds), await sweepDryRun(db, serviceIds)];
  const key = (f: FindingRow) => `${f.service_id} ${f.kind} ${f.severity} ${JSON.stringify(f.details)}`;
  const openKeys = new Set(open.map(key));
  const desiredKeys = new Set(desired.map(key));
  return {
    missing: desired.filter((f) => !openKeys.has(key(f))).map(key),
    unexpected: open.filter((f) => !desiredKeys.has(key(f))).map(key),
    sweepWouldChange: dryRun,
    open,
  };
}
