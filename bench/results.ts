/**
 * What a run found: the results object written to bench/results.json, the targets it is
 * judged by, and the table printed at the end.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { AvailabilityResult, LoadResult } from './availability';
import { ChangeGapResult } from './change-gap';
import { CONNECTIONS, DATABASE_URL, DURATION, FULL_VIEW_PARAM, PG_OPTIONS, QUEUE_PREFIX, ROOT, SEED, WARMUP_SECONDS } from './config';
import { DatasetSummary } from './dataset';
import { ImportResult } from './import';
import { PlacePageResult } from './pages';
import { MemoryPeak } from './processes';
import { ReportsResult } from './reports';
import { SCALE_LOAD_SECONDS, ScalePoint } from './scale';
import { FirstAnswer, IndexBuild } from './stack';
import { SweepResult } from './sweep';
import { log, nowMs, ratio, round } from './util';

export interface Results {
  date: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  dataset?: DatasetSummary;
  sweep?: SweepResult;
  availability?: AvailabilityResult;
  reports?: ReportsResult;
  /** The place page of the largest city (pages.ts). */
  placePage?: PlacePageResult;
  changeToGap?: ChangeGapResult & { evaluationJobs?: Record<string, number> };
  import?: ImportResult;
  memory?: Record<string, MemoryPeak>;
  /** The main API's start-up: its INDEX_BUILT line (if it printed one) and its first availability answer. */
  apiStartup?: { index: IndexBuild | null; firstAnswer: FirstAnswer | null };
  /** The API's build time and RSS at 30,000, 100,000 (the bench database) and 300,000 services (scale.ts). */
  scale?: ScalePoint[];
  targets?: Target[];
  errors: Record<string, string>;
  totalSeconds?: number;
}

interface Target {
  measure: string;
  value: string;
  reference: string;
  ratio: string;
  target: string;
  verdict: 'PASS' | 'FAIL' | 'n/a';
}

/** A run's results before anything is measured: when, on what, with which settings. */
export function newResults(): Results {
  return {
    date: new Date().toISOString(),
    machine: machine(),
    config: { database: DATABASE_URL, pgOptions: PG_OPTIONS ?? null, queuePrefix: QUEUE_PREFIX, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP_SECONDS, seed: SEED },
    errors: {},
  };
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
  };
}

/**
 * Judges the results against their targets, prints the table and writes bench/results.json;
 * returns the exit code (1 when any part failed). `started`: nowMs() at the start of the run.
 */
export function finishResults(results: Results, started: number): number {
  results.totalSeconds = round((nowMs() - started) / 1000, 1);
  results.targets = targets(results);
  printTable(results);
  const out = join(ROOT, 'bench', 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const history = join(ROOT, 'bench', 'history.jsonl');
  appendFileSync(history, JSON.stringify(historyLine(results)) + '\n');
  log(`wrote ${out}, appended to ${history}; total ${results.totalSeconds} s`);
  const failed = Object.keys(results.errors);
  if (failed.length) log(`errors in: ${failed.join(', ')} (details in results.json)`);
  return failed.length ? 1 : 0;
}

/**
 * The commit the run measured: HEAD, with "-dirty" when the tree has changes (but for
 * history.jsonl, which every run changes, and a node_modules symlink, which a git worktree
 * may use).
 */
function commitOf(): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const changes = git('status', '--porcelain', '--', '.', ':(exclude)bench/history.jsonl', ':(exclude)node_modules');
    return git('rev-parse', 'HEAD') + (changes ? '-dirty' : '');
  } catch {
    return 'unknown (not a git checkout)';
  }
}

const headline = (l: LoadResult | null | undefined) =>
  l ? { reqPerSec: l.reqPerSec, p50: l.p50, p99: l.p99, non2xx: l.non2xx, errors: l.errors, bytesPerAnswer: l.bytesPerRequest } : null;

/** One line of bench/history.jsonl: the run's headline figures, so that a regression shows from one run to the next. */
function historyLine(r: Results) {
  const a = r.availability;
  return {
    date: r.date,
    commit: commitOf(),
    node: process.version,
    config: { connections: CONNECTIONS, durationSeconds: DURATION, distinctQuestions: a?.distinctQuestions ?? null, fullViewParam: FULL_VIEW_PARAM },
    availability: a
      ? { api: headline(a.api), ceiling: headline(a.ceiling), baseline: headline(a.baseline), ceilingRatio: a.ceilingRatio, throughputRatio: a.throughputRatio, identical: `${a.equivalence.identical}/${a.equivalence.checked}` }
      : null,
    peakRssMb: { api: r.memory?.api?.peakRssMb ?? null, worker: r.memory?.worker?.peakRssMb ?? null },
    nationalReportP50Ms: r.reports?.national.p50 ?? null,
    placePage: r.placePage ? { code: r.placePage.code, p50: r.placePage.p50, kb: Math.round(r.placePage.bytes / 1024) } : null,
    sweepMs: r.sweep ? { first: r.sweep.first.ms, steady: r.sweep.steady.ms } : null,
    changeToGapP99Ms: r.changeToGap?.latency.p99 ?? null,
    importSeconds: r.import?.seconds ?? null,
    scale: r.scale?.map(({ services, buildMs, rssAfterBuildMb, peakRssMb, method }) => ({ services, buildMs, rssAfterBuildMb, peakRssMb, method })) ?? null,
    missed: (r.targets ?? []).filter((t) => t.verdict === 'FAIL').map((t) => t.measure),
    errors: Object.keys(r.errors),
    totalSeconds: r.totalSeconds,
  };
}

const ms = (v: number | undefined | null) => (v === undefined || v === null || Number.isNaN(v) ? '–' : `${round(v, 1)} ms`);
const verdict = (ok: boolean | null): Target['verdict'] => (ok === null ? 'n/a' : ok ? 'PASS' : 'FAIL');
const x = (v: number) => (Number.isFinite(v) ? `${v}×` : '–');

function targets(r: Results): Target[] {
  const out: Target[] = [];
  const a = r.availability;
  if (a) {
    out.push({
      measure: 'availability throughput',
      value: `${a.api.reqPerSec} req/s`,
      reference: `baseline ${a.baseline.reqPerSec} req/s`,
      ratio: x(a.throughputRatio),
      target: '>= 0.8x baseline',
      verdict: verdict(a.throughputRatio >= 0.8),
    });
    out.push({
      measure: 'availability throughput vs ceiling',
      value: `${a.api.reqPerSec} req/s`,
      reference: a.ceiling ? `ceiling ${a.ceiling.reqPerSec} req/s` : 'ceiling not measured',
      ratio: x(a.ceilingRatio ?? NaN),
      target: '>= 0.25x ceiling (aim 0.5x)',
      verdict: a.ceilingRatio === null ? 'n/a' : verdict(a.ceilingRatio >= 0.25),
    });
    const failed = a.api.non2xx || a.api.errors ? `, ${a.api.non2xx} non-2xx, ${a.api.errors} errors` : '';
    out.push({
      measure: 'availability latency p50 / p99',
      value: `${ms(a.api.p50)} / ${ms(a.api.p99)}${failed}`,
      reference: `${a.ceiling ? `ceiling ${ms(a.ceiling.p50)} / ${ms(a.ceiling.p99)}, ` : ''}baseline ${ms(a.baseline.p50)} / ${ms(a.baseline.p99)}`,
      ratio: x(ratio(a.api.p99, a.baseline.p99)),
      target: 'p99 <= 50 ms, no non-2xx or errors',
      verdict: verdict(a.api.p99 <= 50 && a.api.non2xx === 0 && a.api.errors === 0),
    });
  }
  const page = r.placePage;
  if (page) {
    out.push({
      measure: `place page ${page.name} p50 / HTML`,
      value: `${ms(page.p50)} / ${Math.round(page.bytes / 1024)} KB${page.errors ? ` (${page.errors}/${page.n} failed, last ${page.status})` : ''}`,
      reference: `p99 ${ms(page.p99)}, ${page.services} services of its own`,
      ratio: '',
      target: 'p50 <= 30 ms, <= 80 KB',
      verdict: verdict(page.errors === 0 && page.p50 <= 30 && page.bytes <= 80 * 1024),
    });
  }
  const rep = r.reports;
  if (rep) {
    const bare = rep.bareNational?.totalMs ?? null;
    const failures = (t: { errors: number; n: number; status: number }) => (t.errors ? ` (${t.errors}/${t.n} failed, last ${t.status})` : '');
    out.push({
      measure: 'national report JSON p50 / p99',
      value: `${ms(rep.national.p50)} / ${ms(rep.national.p99)}${failures(rep.national)}`,
      reference: `bare SQL ${ms(bare)}`,
      ratio: x(ratio(rep.national.p50, bare)),
      target: 'p50 <= 300 ms, <= 2x SQL',
      verdict: verdict(rep.national.errors === 0 && rep.national.p50 <= 300 && (bare === null ? false : rep.national.p50 <= 2 * bare)),
    });
    out.push({
      measure: 'national report CSV p50 / p99',
      value: `${ms(rep.nationalCsv.p50)} / ${ms(rep.nationalCsv.p99)}${failures(rep.nationalCsv)}`,
      reference: `bare SQL ${ms(bare)}`,
      ratio: x(ratio(rep.nationalCsv.p50, bare)),
      target: 'p50 <= 300 ms, <= 2x SQL',
      verdict: verdict(rep.nationalCsv.errors === 0 && rep.nationalCsv.p50 <= 300 && (bare === null ? false : rep.nationalCsv.p50 <= 2 * bare)),
    });
    const bare13 = rep.barePrefecture13?.totalMs ?? null;
    out.push({
      measure: 'prefecture 13 report p50 / p99',
      value: `${ms(rep.prefecture13.p50)} / ${ms(rep.prefecture13.p99)}${failures(rep.prefecture13)}`,
      reference: `bare SQL ${ms(bare13)}`,
      ratio: x(ratio(rep.prefecture13.p50, bare13)),
      target: '(no target)',
      verdict: 'n/a',
    });
  }
  const s = r.sweep;
  if (s) {
    for (const [label, run, bare] of [
      ['sweep, first (opens findings)', s.first, s.bareBeforeFirst],
      ['sweep, steady state', s.steady, s.bareSteady],
    ] as const) {
      const q = ratio(run.ms, bare.totalMs);
      const over = run.exceedsStatementTimeout ? ' (> statement_timeout)' : '';
      out.push({ measure: label, value: `${ms(run.ms)}${over}`, reference: `bare SQL ${ms(bare.totalMs)}`, ratio: x(q), target: '<= 2 s, <= 3x SQL', verdict: verdict(run.ms <= 2000 && q <= 3) });
    }
  }
  const c = r.changeToGap;
  if (c) {
    out.push({
      measure: `change -> gap p50 / p99 (${c.latency.n} of ${c.changes})`,
      value: `${ms(c.latency.p50)} / ${ms(c.latency.p99)}`,
      reference: `POST p50 ${ms(c.post.p50)}`,
      ratio: '',
      target: 'p99 <= 250 ms',
      verdict: verdict(c.timedOut === 0 && c.failedPosts === 0 && c.latency.n > 0 && c.latency.p99 <= 250),
    });
  }
  const i = r.import;
  if (i) {
    out.push({
      measure: `import ${i.rows ?? 10000} rows`,
      value: i.available ? (i.seconds !== undefined ? `${i.seconds} s (${i.status})` : '–') : 'not available',
      reference: '',
      ratio: '',
      target: '<= 10 s',
      verdict: i.available && i.seconds !== undefined ? verdict(i.status! < 300 && i.seconds <= 10) : 'n/a',
    });
  }
  const m = r.memory;
  if (m?.api) {
    out.push({
      measure: 'API peak RSS',
      value: `${m.api.peakRssMb} MB`,
      reference: `worker ${m.worker?.peakRssMb ?? '–'} MB, baseline ${m.baseline?.peakRssMb ?? '–'} MB`,
      ratio: '',
      target: '<= 300 MB',
      verdict: verdict(m.api.peakRssMb <= 300),
    });
  }
  return out;
}

function printTable(r: Results): void {
  const rows = r.targets ?? [];
  const head: Target = { measure: 'measure', value: 'result', reference: 'reference', ratio: 'ratio', target: 'target', verdict: 'n/a' };
  const keys = ['measure', 'value', 'reference', 'ratio', 'target', 'verdict'] as const;
  const all = [head, ...rows];
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...all.map((row) => String(row[k]).length))]));
  const line = (row: Target, isHead = false) => keys.map((k) => (isHead && k === 'verdict' ? 'verdict' : String(row[k])).padEnd(width[k])).join(' | ');
  const rule = keys.map((k) => '-'.repeat(width[k])).join('-+-');
  const d = r.dataset;
  process.stdout.write('\n');
  process.stdout.write(`LINE tracker benchmark, ${r.date} — ${r.machine.cpus} CPUs (${r.machine.cpuModel}), ${r.machine.memoryGb} GB, ${r.machine.os}, Node ${r.machine.node}, PostgreSQL ${r.machine.postgres}\n`);
  if (d) {
    process.stdout.write(
      `data set: ${d.localGovernments} local governments, ${d.services} services (${d.nationalServices} national), ${d.statusChanges} status changes ` +
        `(${d.scheduledChanges} scheduled), ${d.fallbackChannels} channels; statuses ${JSON.stringify(d.statuses)}; ` +
        `${d.suspendedWithoutValidChannel} suspended without a valid channel; loaded in ${d.seconds.load.toFixed(1)} s\n`,
    );
  }
  if (r.availability) printAvailability(r.availability);
  process.stdout.write('\n' + line(head, true) + '\n' + rule + '\n');
  for (const row of rows) process.stdout.write(line(row) + '\n');
  process.stdout.write('\n');
  if (r.scale?.length) printScale(r.scale);
  const hot = (label: string, nodes: { node: string; selfMs: number; rows: number }[] | undefined) => {
    if (!nodes?.length) return;
    process.stdout.write(`${label}: ${nodes.slice(0, 3).map((n) => `${n.node} ${n.selfMs} ms (${n.rows} rows)`).join('; ')}\n`);
  };
  hot('sweep reconcile, steady state, slowest plan nodes', r.sweep?.bareSteady.reconcile.hotNodes);
  hot('national report, slowest plan nodes', r.reports?.bareNational?.hotNodes);
  if (r.sweep) {
    const b = r.sweep.bareSteady;
    const off = r.sweep.bareSteadyJitOff ? `; with jit = off: ${ms(r.sweep.bareSteadyJitOff.totalMs)}` : '';
    process.stdout.write(`sweep bare SQL, steady state: refresh ${ms(b.refresh.totalMs)} + reconcile ${ms(b.reconcile.totalMs)}, of which JIT compilation ${ms(b.refresh.jitMs + b.reconcile.jitMs)}${off}\n`);
  }
  if (r.reports?.bareNational) {
    const off = r.reports.bareNationalJitOffMs !== null ? `; with jit = off: ${ms(r.reports.bareNationalJitOffMs)}` : '';
    process.stdout.write(`national report bare SQL: ${ms(r.reports.bareNational.totalMs)}, of which JIT compilation ${ms(r.reports.bareNational.jitMs)}${off}\n`);
  }
  if (r.changeToGap?.evaluationJobs) process.stdout.write(`evaluation jobs run by the worker during change -> gap: ${JSON.stringify(r.changeToGap.evaluationJobs)}\n`);
  if (r.changeToGap) {
    process.stdout.write(`change -> gap, slowest: ${r.changeToGap.slowest.slice(0, 5).map((s) => `${s.latencyMs} ms at ${s.atS} s (POST ${s.postMs} ms)`).join('; ')}\n`);
  }
  if (r.memory) {
    process.stdout.write(`peak RSS by phase (MB): ${Object.entries(r.memory).map(([name, m]) => `${name} ${JSON.stringify(m.byPhase)}`).join('; ')}\n`);
  }
  if (r.import && !r.import.available) process.stdout.write(`import: ${r.import.note}\n`);
  if (r.reports?.note) process.stdout.write(`reports: ${r.reports.note}\n`);
  process.stdout.write(`total run time: ${r.totalSeconds} s\n`);
}

/** Rows of cells as columns padded to their widest cell, the first row a heading. */
function columns(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => cell.padEnd(widths[i])).join(' | ').trimEnd();
  return [format(rows[0]), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.slice(1).map(format)].join('\n') + '\n';
}

const count = (v: number) => v.toLocaleString('en-US');

/** The three servers side by side: the API and the ceiling send the API's default (compact) answer, the baseline its full one. */
function printAvailability(a: AvailabilityResult): void {
  const e = a.equivalence;
  process.stdout.write(
    `availability: ${CONNECTIONS} connections, ${DURATION} s each (after ${WARMUP_SECONDS} s of warm-up), ${count(a.distinctQuestions)} distinct questions; ` +
      `API asked with "${e.viewParam}" vs baseline: ${e.identical}/${e.checked} answers identical (avg ${e.avgServices} services, ${count(e.avgBytes)} bytes per full answer)\n`,
  );
  if (a.recording) {
    process.stdout.write(`ceiling: the API's answers to the ${count(a.recording.answers)} questions, recorded in ${a.recording.seconds} s (${a.recording.totalMb} MB, avg ${count(a.recording.avgBodyBytes)} bytes of body), replayed by node:http\n`);
  }
  const row = (name: string, l: LoadResult | null): string[] =>
    l ? [name, String(l.reqPerSec), ms(l.p50), ms(l.p99), count(l.bytesPerRequest), String(l.non2xx), String(l.errors)] : [name, 'not measured', '', '', '', '', ''];
  process.stdout.write(
    '\n' +
      columns([
        ['server', 'req/s', 'p50', 'p99', 'bytes/answer (wire)', 'non-2xx', 'errors'],
        row('api (its default answer)', a.api),
        row('ceiling (the API\'s answers)', a.ceiling),
        row('baseline (full answer)', a.baseline),
      ]),
  );
  process.stdout.write('bytes/answer: the API and the ceiling send the API\'s default answer (compact once the API has `view`), the baseline its only, full one\n');
  process.stdout.write(`api ÷ ceiling: ${x(a.ceilingRatio ?? NaN)}; api ÷ baseline: ${x(a.throughputRatio)}\n`);
  if (a.ceilingError) process.stdout.write(`ceiling: ${a.ceilingError.split('\n')[0]}\n`);
}

/** How the API's start-up and memory grow with the number of services. */
function printScale(points: ScalePoint[]): void {
  const mb = (v: number | null) => (v === null ? '–' : `${v} MB`);
  const source = (p: ScalePoint) => (p.source === 'derived' ? `derived in ${p.datasetSeconds} s` : p.source);
  const answered = (p: ScalePoint) => (p.load ? `${p.load.reqPerSec} req/s, p99 ${ms(p.load.p99)}${p.load.non2xx || p.load.errors ? `, ${p.load.non2xx} non-2xx, ${p.load.errors} errors` : ''}` : '');
  process.stdout.write(
    `scale curve: the API alone, started on each data set, then ${SCALE_LOAD_SECONDS} s of availability load with ${CONNECTIONS} connections ` +
      '(build: the API\'s "availability index: built" line, or else the latency of its first availability answer):\n' +
      columns([
        ['services', 'build', 'method', 'RSS after build', 'peak RSS', 'under load', 'data set'],
        ...points.map((p) => [count(p.services), ms(p.buildMs), p.method, mb(p.rssAfterBuildMb), mb(p.peakRssMb), answered(p), source(p)]),
      ]) +
      '\n',
  );
}
