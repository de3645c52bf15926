import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Actor } from '../src/access/actor';
import { appConfig } from '../src/config/app-config';
import { ReportsRepository } from '../src/reports/reports.repository';
import { ReportsService } from '../src/reports/reports.service';
import { Explained, explainAnalyze, explainRolledBack } from './explain';
import { log, nowMs, percentile, summarize, Summary } from './util';

export interface EndpointTiming extends Summary {
  path: string;
  status: number;
  bytes: number;
  errors: number;
}

export interface BareReport {
  /** Median of the EXPLAIN ANALYZE runs (three, or one when slow), planning + execution. */
  totalMs: number;
  runs: number[];
  jitMs: number;
  hotNodes: Explained['hotNodes'];
}

export interface ReportsResult {
  available: boolean;
  note?: string;
  national: EndpointTiming;
  nationalCsv: EndpointTiming;
  prefecture13: EndpointTiming;
  bareNational: BareReport | null;
  barePrefecture13: BareReport | null;
  /** What-if, for the diagnosis: the national report's bare SQL with JIT compilation off. */
  bareNationalJitOffMs: number | null;
}

/** ~30 sequential requests, bounded in time; returns per-request wall times (send to last byte). */
async function sequential(base: string, path: string, token: string, count: number, budgetMs: number): Promise<EndpointTiming> {
  const times: number[] = [];
  let status = 0;
  let bytes = 0;
  let errors = 0;
  // Bounded: stop when the next request (as long as the last one) would end past the budget.
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < count && (i === 0 || Date.now() + times[times.length - 1] <= deadline); i++) {
    const started = nowMs();
    const response = await fetch(base + path, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(60_000) });
    const body = Buffer.from(await response.arrayBuffer());
    times.push(nowMs() - started);
    status = response.status;
    bytes = body.length;
    if (!response.ok) {
      errors++;
      if (errors === 1) log(`${path}: ${response.status} ${body.toString('utf8').slice(0, 300)}`);
    }
  }
  const timing = { path, status, bytes, errors, ...summarize(times) };
  log(`${path}: p50 ${timing.p50} ms, p99 ${timing.p99} ms over ${timing.n} requests (${bytes} bytes, status ${status})`);
  return timing;
}

/**
 * The SQL the API runs for a report request, captured by calling the real ReportsService
 * and ReportsRepository with a stand-in DataSource (nothing runs; it answers no rows).
 */
async function captureSql(run: (service: ReportsService) => Promise<unknown>) {
  let captured: { sql: string; params: unknown[] } | null = null;
  const stand = {
    query: async (sql: string, params: unknown[]) => {
      captured = { sql, params };
      return [];
    },
  } as unknown as DataSource;
  await run(new ReportsService(new ReportsRepository(stand, appConfig()))).catch(() => undefined);
  if (!captured) throw new Error('the reports service sent no SQL');
  return captured as { sql: string; params: unknown[] };
}

const MINISTRY: Actor = { tokenId: '00000000-0000-0000-0000-000000000000', name: 'bench', role: 'ministry', scope: null, requestId: 'bench' };

/** EXPLAIN ANALYZE three times (once when it takes more than 5 s), the median. */
async function bareOf(client: Client, statement: { sql: string; params: unknown[] }): Promise<BareReport> {
  const runs: Explained[] = [];
  for (let i = 0; i < 3 && !(i > 0 && runs[0].totalMs > 5000); i++) runs.push(await explainAnalyze(client, statement.sql, statement.params));
  const totals = runs.map((r) => r.totalMs);
  const median = percentile(totals, 50);
  const chosen = runs[totals.indexOf(median)];
  return { totalMs: median, runs: totals, jitMs: chosen.jitMs, hotNodes: chosen.hotNodes };
}

export async function measureReports(apiBase: string, ministryToken: string, client: Client, requests = 30, budgetMs = 75_000): Promise<ReportsResult> {
  const national = await sequential(apiBase, '/v1/reports/national', ministryToken, requests, budgetMs);
  const nationalCsv = await sequential(apiBase, '/v1/reports/national?format=csv', ministryToken, requests, budgetMs);
  const prefecture13 = await sequential(apiBase, '/v1/reports/prefectures/13', ministryToken, requests, budgetMs);
  let bareNational: BareReport | null = null;
  let barePrefecture13: BareReport | null = null;
  let bareNationalJitOffMs: number | null = null;
  let note: string | undefined;
  try {
    // The requests above, without asOf: the report as of now.
    const nationalSql = await captureSql((service) => service.national(MINISTRY, {}));
    bareNational = await bareOf(client, nationalSql);
    barePrefecture13 = await bareOf(client, await captureSql((service) => service.prefecture(MINISTRY, '13', {})));
    log(`report bare SQL: national ${bareNational.totalMs} ms (JIT ${bareNational.jitMs} ms), prefecture 13 ${barePrefecture13.totalMs} ms`);
    if (bareNational.jitMs > 0) {
      const [jitOff] = await explainRolledBack(client, [nationalSql], ['jit = off']);
      bareNationalJitOffMs = jitOff.totalMs;
      log(`  what-if: national report SQL with jit = off: ${bareNationalJitOffMs} ms`);
    }
  } catch (error) {
    note = `bare SQL not measured: ${(error as Error).message}`;
    log(note);
  }
  return { available: national.status !== 404, note, national, nationalCsv, prefecture13, bareNational, barePrefecture13, bareNationalJitOffMs };
}
