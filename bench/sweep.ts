import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { gapsEngineOver } from '../src/database/standalone';
import { reconcileSql } from '../src/gaps/reconcile.sql';
import { refreshStatusSql } from '../src/line-services/current-status.sql';
import { Explained, explainRolledBack } from './explain';
import { log, round, timed } from './util';

export interface SweepRun {
  ms: number;
  /** Longer than the statement_timeout of the project's DataSource: the worker's sweep job fails there. */
  exceedsStatementTimeout: boolean;
  opened: number;
  severityChanged: number;
  resolved: number;
  statusesChanged: number;
  events: number;
}

export interface BareSweep {
  /** refreshStatusSql(null, true) + reconcileSql(null), planning + execution, as EXPLAIN ANALYZE reports. */
  totalMs: number;
  refresh: Omit<Explained, 'plan'>;
  reconcile: Omit<Explained, 'plan'>;
  reconcilePlan: unknown;
}

export interface SweepResult {
  first: SweepRun;
  steady: SweepRun;
  bareBeforeFirst: BareSweep;
  bareSteady: BareSweep;
  /** What-if, for the diagnosis: the steady state's bare SQL with JIT compilation off. */
  bareSteadyJitOff: BareSweep | null;
  openFindings: Record<string, number>;
}

/** The sweep's two statements under EXPLAIN ANALYZE, in one transaction that is rolled back. */
async function bare(client: Client, settings: string[] = []): Promise<BareSweep> {
  const [refresh, reconcile] = await explainRolledBack(client, [{ sql: refreshStatusSql(null, true) }, { sql: reconcileSql(null) }], settings);
  const strip = ({ plan: _plan, ...rest }: Explained) => rest;
  return { totalMs: round(refresh.totalMs + reconcile.totalMs, 1), refresh: strip(refresh), reconcile: strip(reconcile), reconcilePlan: reconcile.plan };
}

async function sweepOnce(dataSource: DataSource, projectTimeoutMs: number): Promise<SweepRun> {
  const { result, ms } = await timed(() => gapsEngineOver(dataSource).sweep());
  const { eventIds, ...counts } = result;
  return { ms: round(ms, 1), exceedsStatementTimeout: ms > projectTimeoutMs, ...counts, events: eventIds.length };
}

/**
 * GapsEngine.sweep() over every service, twice: the first opens the findings of the fresh
 * data set, the second is the steady state the worker's scheduler repeats. Each is compared
 * with the bare SQL of its two statements in the same state. `dataSource` is the project's
 * configuration with a longer statement_timeout, so that a sweep slower than the project's
 * limit is still measured (and flagged) rather than cancelled.
 */
export async function measureSweep(dataSource: DataSource, client: Client, projectTimeoutMs: number): Promise<SweepResult> {
  const bareBeforeFirst = await bare(client);
  log(`sweep bare SQL before the first sweep: ${bareBeforeFirst.totalMs} ms (refresh ${bareBeforeFirst.refresh.totalMs}, reconcile ${bareBeforeFirst.reconcile.totalMs})`);
  const first = await sweepOnce(dataSource, projectTimeoutMs);
  const over = (run: SweepRun) => (run.exceedsStatementTimeout ? ` — longer than the project's statement_timeout (${projectTimeoutMs} ms): the worker's sweep job fails` : '');
  log(`sweep 1 (opens findings): ${first.ms} ms, ${first.opened} opened${over(first)}`);
  const steady = await sweepOnce(dataSource, projectTimeoutMs);
  log(`sweep 2 (steady state): ${steady.ms} ms, ${steady.opened} opened, ${steady.resolved} resolved${over(steady)}`);
  const bareSteady = await bare(client);
  log(`sweep bare SQL, steady state: ${bareSteady.totalMs} ms (refresh ${bareSteady.refresh.totalMs}, reconcile ${bareSteady.reconcile.totalMs}; JIT ${bareSteady.refresh.jitMs + bareSteady.reconcile.jitMs} ms)`);
  // What-if, only when the session still compiles with JIT (the project may already turn it off).
  const jitted = bareSteady.refresh.jitMs + bareSteady.reconcile.jitMs > 0;
  const bareSteadyJitOff = jitted ? await bare(client, ['jit = off']) : null;
  if (bareSteadyJitOff) log(`  what-if: the same with jit = off: ${bareSteadyJitOff.totalMs} ms`);
  const { rows } = await client.query(`SELECT kind, count(*)::int AS n FROM findings WHERE resolved_at IS NULL GROUP BY kind ORDER BY kind`);
  return { first, steady, bareBeforeFirst, bareSteady, bareSteadyJitOff, openFindings: Object.fromEntries(rows.map((r) => [r.kind, r.n])) };
}

/**
 * Runs `work` with a DataSource of the project's settings but a statement_timeout long
 * enough to measure a sweep that takes longer than the project's own limit, which `work` is
 * given too (ms; Infinity when there is none). The DataSource is closed afterwards.
 */
export async function withSweepDataSource<T>(databaseUrl: string, work: (dataSource: DataSource, projectTimeoutMs: number) => Promise<T>): Promise<T> {
  const projectOptions = dataSourceOptions(databaseUrl);
  const projectTimeoutMs = Number((projectOptions.extra as { statement_timeout?: number } | undefined)?.statement_timeout ?? 0) || Infinity;
  const sweepSource = await new DataSource({
    ...projectOptions,
    poolSize: 2,
    applicationName: 'line-tracker-bench-sweep',
    extra: { ...(projectOptions.extra as object), statement_timeout: 300_000 },
  } as typeof projectOptions).initialize();
  try {
    return await work(sweepSource, projectTimeoutMs);
  } finally {
    await sweepSource.destroy();
  }
}
