/**
 * npm run bench: a national-scale data set in a database of its own, the real API and
 * worker as child processes, and the measurements the performance issue asks for, with a
 * bare baseline for each. Prints a table and writes bench/results.json (git-ignored).
 *
 * Environment (all optional): BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/line_tracker_bench), REDIS_URL, BENCH_QUEUE_PREFIX
 * (line-tracker-bench), BENCH_DURATION (seconds of each availability run, 20),
 * BENCH_CONNECTIONS (50). Everything stays on loopback.
 */
import 'reflect-metadata';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TokensService } from '../src/access/tokens.service';
import { validateConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { JobName, QueueName } from '../src/jobs/jobs';
import { availabilityPaths, checkEquivalence, Equivalence, load, LoadResult } from './availability';
import { ChangeGapResult, measureChangeToGap } from './change-gap';
import { buildDataset, DatasetSummary } from './dataset';
import { ImportResult, measureImport } from './import';
import { Child, freePort, killAllSync, MemoryPeak, MemorySampler, stopAll, waitForHttp } from './processes';
import { measureReports, ratio, ReportsResult } from './reports';
import { measureSweep, SweepResult } from './sweep';
import { log, nowMs, round, sleep } from './util';

/** dist/ (this file is dist/bench/run.js) and the repository it was built from. */
const DIST = resolve(__dirname, '..');
const ROOT = resolve(DIST, '..');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/line_tracker_bench';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE_PREFIX = process.env.BENCH_QUEUE_PREFIX ?? 'line-tracker-bench';
const DURATION = boundedNumber('BENCH_DURATION', 20, 1, 120);
const CONNECTIONS = boundedNumber('BENCH_CONNECTIONS', 50, 1, 500);
const WARMUP_SECONDS = 4;
/** The PostgreSQL session options of the project's DataSource (extra.options), for the bare SQL and the baseline. */
const PG_OPTIONS = (dataSourceOptions(DATABASE_URL).extra as { options?: string } | undefined)?.options;
/** Seeds of the generated data (PostgreSQL's setseed) and of the availability questions. */
const DATA_SEED = 0.42;
const SEED = 20210317;

function boundedNumber(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return value;
}

interface Results {
  date: string;
  machine: Record<string, unknown>;
  config: Record<string, unknown>;
  dataset?: DatasetSummary;
  sweep?: SweepResult;
  availability?: { equivalence: Equivalence; baseline: LoadResult; api: LoadResult; throughputRatio: number };
  reports?: ReportsResult;
  changeToGap?: ChangeGapResult & { evaluationJobs?: Record<string, number> };
  import?: ImportResult;
  memory?: Record<string, MemoryPeak>;
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

function assertLoopback(url: string, what: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`${what} must be on loopback (got ${host}): the benchmark loads only the local machine`);
}

/** Deletes this benchmark's own keys (its queue prefix) from Redis, in bounded SCAN batches. */
async function clearQueuePrefix(redis: Redis): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  for (let i = 0; i < 10_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  return deleted;
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

/** Past this, the remaining parts are skipped (and reported as such): the whole run stays under 10 minutes. */
const RUN_BUDGET_MS = 8 * 60_000;
const RUN_STARTED = Date.now();

async function phase<T>(results: Results, name: string, work: () => Promise<T>): Promise<T | undefined> {
  if (Date.now() - RUN_STARTED > RUN_BUDGET_MS) {
    results.errors[name] = `skipped: the run has used its ${RUN_BUDGET_MS / 60_000} minutes`;
    log(`── ${name}: skipped (time budget)`);
    return undefined;
  }
  log(`── ${name}`);
  try {
    return await work();
  } catch (error) {
    results.errors[name] = (error as Error).stack ?? String(error);
    log(`${name} FAILED: ${(error as Error).message}`);
    return undefined;
  }
}

async function main(): Promise<number> {
  const started = nowMs();
  assertLoopback(DATABASE_URL, 'BENCH_DATABASE_URL');
  assertLoopback(REDIS_URL, 'REDIS_URL');
  // Its keys are deleted before and after the run: never another deployment's.
  if (!/bench/.test(QUEUE_PREFIX)) throw new Error('BENCH_QUEUE_PREFIX must contain "bench" (the benchmark deletes every key under it)');
  const results: Results = {
    date: new Date().toISOString(),
    machine: machine(),
    config: { database: DATABASE_URL, pgOptions: PG_OPTIONS ?? null, queuePrefix: QUEUE_PREFIX, connections: CONNECTIONS, durationSeconds: DURATION, warmupSeconds: WARMUP_SECONDS, seed: SEED },
    errors: {},
  };
  const logDir = join(os.tmpdir(), 'line-tracker-bench');
  mkdirSync(logDir, { recursive: true });

  let dataSource: DataSource | undefined;
  let client: Client | undefined;
  let redis: Redis | undefined;
  let sampler: MemorySampler | undefined;
  const children: Child[] = [];
  try {
    const built = await buildDataset(DATABASE_URL, DATA_SEED);
    dataSource = built.dataSource;
    results.dataset = built.summary;
    // The bare SQL runs with the session settings the project's DataSource uses (e.g. jit=off).
    client = new Client({ connectionString: DATABASE_URL, application_name: 'line-tracker-bench', options: PG_OPTIONS });
    await client.connect();
    results.machine.postgres = (await client.query(`SHOW server_version`)).rows[0].server_version;
    const admin = client;
    const ds = dataSource;

    // The project's DataSource settings, with a statement_timeout long enough to measure a
    // sweep that takes longer than the project's own limit.
    const projectOptions = dataSourceOptions(DATABASE_URL);
    const projectTimeoutMs = Number((projectOptions.extra as { statement_timeout?: number } | undefined)?.statement_timeout ?? 0) || Infinity;
    const sweepSource = await new DataSource({
      ...projectOptions,
      poolSize: 2,
      applicationName: 'line-tracker-bench-sweep',
      extra: { ...(projectOptions.extra as object), statement_timeout: 300_000 },
    } as typeof projectOptions).initialize();
    try {
      results.sweep = await phase(results, 'sweep', () => measureSweep(sweepSource, admin, projectTimeoutMs));
    } finally {
      await sweepSource.destroy();
    }
    // The data set stands for a steady state: the events of the bench's own sweeps count as
    // delivered long ago, so the worker does not spend the measurements dispatching them.
    await admin.query(`UPDATE events SET dispatched_at = now() WHERE dispatched_at IS NULL`);
    await admin.query(`UPDATE evaluation_requests SET processed_at = now() WHERE processed_at IS NULL`);
    await admin.query(`VACUUM ANALYZE findings, events, line_services`);
    await admin.query(`CHECKPOINT`);

    const tokens = TokensService.over(ds);
    const ministry = await tokens.issue('ministry', undefined, 'bench ministry');
    const prefectureTokens = new Map<string, string>();
    for (let p = 1; p <= 47; p++) {
      const code = String(p).padStart(2, '0');
      prefectureTokens.set(code, (await tokens.issue('prefecture', code, `bench prefecture ${code}`)).token);
    }

    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, connectionName: 'line-tracker-bench' });
    log(`cleared ${await clearQueuePrefix(redis)} Redis keys under ${QUEUE_PREFIX}:`);

    const [apiPort, baselinePort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL,
      REDIS_URL,
      PORT: String(apiPort),
      RATE_LIMIT_PER_MINUTE: '100000000',
      QUEUE_PREFIX,
    };
    // The worker's sweep scheduler runs its first sweep as soon as it is registered, then
    // every SWEEP_INTERVAL_MS. Registered here first (same interval) with its first run an
    // hour out, the worker's own upsert keeps that time: no scheduled sweep lands in the
    // middle of the other measurements (the sweep is measured on its own above).
    const every = validateConfig({ ...process.env, ...env }).SWEEP_INTERVAL_MS;
    const maintenance = new Queue(QueueName.Maintenance, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
    await maintenance.upsertJobScheduler('sweep', { every, startDate: Date.now() + 3_600_000 }, { name: JobName.Sweep });
    await maintenance.close();
    const api = new Child('api', join(DIST, 'src', 'main.js'), env, ROOT, join(logDir, 'api.log'));
    const worker = new Child('worker', join(DIST, 'src', 'worker.js'), env, ROOT, join(logDir, 'worker.log'));
    const baseline = new Child(
      'baseline',
      join(DIST, 'bench', 'baseline-server.js'),
      { DATABASE_URL, PORT: String(baselinePort), ...(PG_OPTIONS ? { PG_OPTIONS } : {}) },
      ROOT,
      join(logDir, 'baseline.log'),
    );
    children.push(api, worker, baseline);
    log(`api pid ${api.pid} :${apiPort}, worker pid ${worker.pid}, baseline pid ${baseline.pid} :${baselinePort}; logs in ${logDir}`);
    sampler = new MemorySampler(() => children);
    sampler.phase = 'startup';

    const apiBase = `http://127.0.0.1:${apiPort}`;
    const baselineBase = `http://127.0.0.1:${baselinePort}`;
    await waitForHttp(`${apiBase}/health`, api, 60_000);
    await waitForHttp(`${baselineBase}/health`, baseline, 20_000);
    await waitForWorker(worker, `${apiBase}/health`, 60_000);
    log('api, worker and baseline ready');

    const { rows: codeRows } = await admin.query<{ code: string }>(`SELECT code FROM local_governments WHERE kind <> 'prefecture' ORDER BY code`);
    const codes = codeRows.map((r) => r.code);

    results.availability = await phase(results, 'availability', async () => {
      sampler!.phase = 'availability';
      const paths = availabilityPaths(codes, 50_000, SEED);
      const warmup = availabilityPaths(codes, 10_000, SEED + 1);
      const equivalence = await checkEquivalence(apiBase, baselineBase, availabilityPaths(codes, 20, SEED + 2));
      log(`baseline: warm-up ${WARMUP_SECONDS} s, then ${DURATION} s with ${CONNECTIONS} connections`);
      await load(baselineBase, warmup, CONNECTIONS, WARMUP_SECONDS);
      const baselineRun = await load(baselineBase, paths, CONNECTIONS, DURATION);
      log(`baseline: ${baselineRun.reqPerSec} req/s, p50 ${baselineRun.p50} ms, p99 ${baselineRun.p99} ms (${baselineRun.non2xx} non-2xx, ${baselineRun.errors} errors)`);
      log(`api: warm-up ${WARMUP_SECONDS} s, then ${DURATION} s with ${CONNECTIONS} connections`);
      await load(apiBase, warmup, CONNECTIONS, WARMUP_SECONDS);
      const apiRun = await load(apiBase, paths, CONNECTIONS, DURATION);
      log(`api: ${apiRun.reqPerSec} req/s, p50 ${apiRun.p50} ms, p99 ${apiRun.p99} ms (${apiRun.non2xx} non-2xx, ${apiRun.errors} errors)`);
      return { equivalence, baseline: baselineRun, api: apiRun, throughputRatio: ratio(apiRun.reqPerSec, baselineRun.reqPerSec) };
    });
    // The baseline is done: stop it so it does not hold memory or connections.
    await baseline.stop();

    results.reports = await phase(results, 'reports', async () => {
      sampler!.phase = 'reports';
      return measureReports(apiBase, ministry.token, admin);
    });

    results.changeToGap = await phase(results, 'change→gap', async () => {
      sampler!.phase = 'change-gap';
      const result = await measureChangeToGap(apiBase, DATABASE_URL, admin, prefectureTokens, 500, 4);
      // Which evaluations the worker ran: the API's outbox requests (eval-*) and the ones its
      // relay added for changes that came due (scheduled-*).
      const evaluation = new Queue(QueueName.Evaluation, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
      try {
        const jobs = await evaluation.getJobs(['completed', 'failed', 'active', 'waiting', 'delayed'], 0, 20_000);
        const byKind: Record<string, number> = {};
        for (const job of jobs) {
          const kind = String(job.id ?? '').replace(/-.*$/, '');
          byKind[kind] = (byKind[kind] ?? 0) + 1;
        }
        log(`evaluation jobs during change→gap: ${JSON.stringify(byKind)}`);
        return { ...result, evaluationJobs: byKind };
      } finally {
        await evaluation.close();
      }
    });

    results.import = await phase(results, 'import', async () => {
      sampler!.phase = 'import';
      return measureImport(apiBase, prefectureTokens.get('13')!, admin);
    });

    if (!api.alive) results.errors.api = `the API exited (code ${api.exitCode}):\n${api.lines().slice(-20).join('\n')}`;
    if (!worker.alive) results.errors.worker = `the worker exited (code ${worker.exitCode}):\n${worker.lines().slice(-20).join('\n')}`;
  } catch (error) {
    results.errors.fatal = (error as Error).stack ?? String(error);
    log(`FATAL: ${(error as Error).message}`);
  } finally {
    if (sampler) results.memory = sampler.stop();
    await stopAll();
    if (redis) {
      await clearQueuePrefix(redis).catch(() => 0);
      redis.disconnect();
    }
    await client?.end().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
  }

  results.totalSeconds = round((nowMs() - started) / 1000, 1);
  results.targets = targets(results);
  printTable(results);
  const out = join(ROOT, 'bench', 'results.json');
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  log(`wrote ${out}; total ${results.totalSeconds} s`);
  const failed = Object.keys(results.errors);
  if (failed.length) log(`errors in: ${failed.join(', ')} (details in results.json)`);
  return failed.length ? 1 : 0;
}

/** The worker is ready when it says so and /health counts a worker on every queue. */
async function waitForWorker(worker: Child, healthUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!worker.alive) throw new Error(`the worker exited (code ${worker.exitCode}):\n${worker.lines().slice(-20).join('\n')}`);
    if (worker.lines().some((line) => line.includes('worker started'))) {
      const health = (await fetch(healthUrl).then((r) => r.json()).catch(() => null)) as { info?: { queues?: Record<string, unknown> } } | null;
      // info.queues: { <queue>: { waiting, active, delayed, failed, workers }, responseTime, status }
      const queues = Object.entries(health?.info?.queues ?? {}).filter((entry): entry is [string, { workers?: number }] => typeof entry[1] === 'object' && entry[1] !== null);
      if (queues.length > 0 && queues.every(([, q]) => (q.workers ?? 0) > 0)) return;
    }
    await sleep(200);
  }
  throw new Error(`the worker was not ready in ${timeoutMs} ms; log: ${worker.logPath}`);
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
      measure: 'availability latency p50 / p99',
      value: `${ms(a.api.p50)} / ${ms(a.api.p99)}`,
      reference: `baseline ${ms(a.baseline.p50)} / ${ms(a.baseline.p99)}`,
      ratio: x(ratio(a.api.p99, a.baseline.p99)),
      target: 'p99 <= 50 ms',
      verdict: verdict(a.api.p99 <= 50 && a.api.non2xx === 0 && a.api.errors === 0),
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
  if (r.availability) {
    const e = r.availability.equivalence;
    process.stdout.write(`availability: ${CONNECTIONS} connections, ${DURATION} s each; answers identical API vs baseline: ${e.identical}/${e.checked}; avg ${e.avgServices} services, ${e.avgBytes} bytes per answer\n`);
  }
  process.stdout.write('\n' + line(head, true) + '\n' + rule + '\n');
  for (const row of rows) process.stdout.write(line(row) + '\n');
  process.stdout.write('\n');
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

process.on('exit', killAllSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the child processes`);
    killAllSync();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    killAllSync();
    process.exit(1);
  },
);
