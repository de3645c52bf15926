/**
 * npm run bench: a national-scale data set in a database of its own, the real API and
 * worker as child processes, and the measurements the performance issue asks for, with a
 * bare baseline for each, and for availability a ceiling too. Prints a table, writes
 * bench/results.json (git-ignored) and appends the headline figures to bench/history.jsonl
 * (committed, so that a regression shows).
 *
 * Environment (all optional): BENCH_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/line_tracker_bench), REDIS_URL, BENCH_QUEUE_PREFIX
 * (line-tracker-bench), BENCH_DURATION (seconds of each availability run, 20),
 * BENCH_CONNECTIONS (50), BENCH_AVAILABILITY_VIEW_PARAM (what the equivalence check appends
 * to the API's questions, '&view=full'; '' for an API without `view`), BENCH_SCALE (0 skips
 * the scale curve: the API on 30,000, 100,000 and 300,000 services). Everything stays on
 * loopback (config.ts).
 *
 * Each part lives in its own file: dataset.ts, sweep.ts, availability.ts (against
 * baseline-server.ts and ceiling-server.ts), pages.ts (the place page), reports.ts, change-gap.ts, import.ts, scale.ts;
 * stack.ts starts what is measured, processes.ts samples its memory, results.ts judges and
 * prints the results.
 */
import 'reflect-metadata';
import Redis from 'ioredis';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { availabilityPaths, DISTINCT_QUESTIONS, measureAvailability } from './availability';
import { evaluationJobsByKind, measureChangeToGap } from './change-gap';
import { checkEnvironment, CONNECTIONS, DATA_SEED, DATABASE_URL, DURATION, PG_OPTIONS, QUEUE_PREFIX, REDIS_URL, SCALE_CURVE, SEED, WARMUP_SECONDS } from './config';
import { buildDataset, databaseName, settleDataset } from './dataset';
import { measureImport } from './import';
import { measurePlacePage } from './pages';
import { killAllSync, MemorySampler, stopAll } from './processes';
import { measureReports } from './reports';
import { finishResults, newResults, Results } from './results';
import { mainRunPoint, measureScalePoint, SCALE_POINTS, ScalePoint } from './scale';
import { clearQueuePrefix, exitedChildren, firstAnswer, issueTokens, startCeiling, startStack, waitUntilReady } from './stack';
import { measureSweep, withSweepDataSource } from './sweep';
import { log, nowMs } from './util';

/** Past this, the remaining parts are skipped (and reported as such): the whole run stays under 10 minutes. */
const RUN_BUDGET_MS = 8 * 60_000;
const RUN_STARTED = Date.now();

/** Runs a part of the benchmark, unless it would end past the budget (`estimateMs`: how long it is expected to take). */
async function phase<T>(results: Results, name: string, work: () => Promise<T>, estimateMs = 0): Promise<T | undefined> {
  const used = Date.now() - RUN_STARTED;
  if (used + estimateMs > RUN_BUDGET_MS) {
    const expected = estimateMs ? ` and this part takes about ${Math.round(estimateMs / 1000)} s` : '';
    results.errors[name] = `skipped: the run has used ${Math.round(used / 1000)} s of its ${RUN_BUDGET_MS / 60_000} minutes${expected}`;
    log(`── ${name}: ${results.errors[name]}`);
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

/** What the run has opened, closed at its end whatever happened. */
interface Opened {
  dataSource?: DataSource;
  admin?: Client;
  redis?: Redis;
  memory?: MemorySampler;
}

async function main(): Promise<number> {
  const started = nowMs();
  checkEnvironment();
  const results = newResults();
  // One directory per bench database: two runs on one machine (each on its own database) keep their logs and recordings apart.
  const logDir = join(os.tmpdir(), 'line-tracker-bench', databaseName(DATABASE_URL));
  mkdirSync(logDir, { recursive: true });
  const opened: Opened = {};
  let codes: string[] = [];
  try {
    const { dataSource, admin } = await openDataset(results, opened);
    results.sweep = await withSweepDataSource(DATABASE_URL, (sweepSource, projectTimeoutMs) => phase(results, 'sweep', () => measureSweep(sweepSource, admin, projectTimeoutMs)));
    await settleDataset(admin);
    const tokens = await issueTokens(dataSource);
    opened.redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, connectionName: 'line-tracker-bench' });
    log(`cleared ${await clearQueuePrefix(opened.redis)} Redis keys under ${QUEUE_PREFIX}:`);

    const stack = await startStack(logDir);
    const memory = new MemorySampler(() => stack.children);
    memory.phase = 'startup';
    opened.memory = memory;
    await waitUntilReady(stack);
    codes = await municipalityCodes(admin);
    results.apiStartup = { index: null, firstAnswer: await firstAnswer(stack.api, stack.apiBase, availabilityPaths(codes, 1, SEED + 3)[0]) };
    /** A phase whose memory samples are labelled `memoryPhase`. */
    const measure = <T>(name: string, memoryPhase: string, work: () => Promise<T>) =>
      phase(results, name, async () => {
        memory.phase = memoryPhase;
        return work();
      });

    const run = { connections: CONNECTIONS, seconds: DURATION, warmupSeconds: WARMUP_SECONDS, seed: SEED };
    const servers = { api: stack.apiBase, baseline: stack.baselineBase, startCeiling: (recording: string) => startCeiling(stack, logDir, recording) };
    results.availability = await measure('availability', 'availability', () => measureAvailability(servers, codes, run, logDir));
    if (results.availability?.ceilingError) results.errors['availability ceiling'] = results.availability.ceilingError;
    // The baseline is done (the ceiling stopped once measured): stop it so it does not hold memory or connections.
    await stack.baseline.stop();
    results.placePage = await measure('place page', 'pages', () => measurePlacePage(stack.apiBase, admin));
    results.reports = await measure('reports', 'reports', () => measureReports(stack.apiBase, tokens.ministry, admin));
    results.changeToGap = await measure('change→gap', 'change-gap', () => changeToGap(stack.apiBase, admin, tokens.prefectures));
    results.import = await measure('import', 'import', () => measureImport(stack.apiBase, tokens.prefectures.get('13')!, admin));
    Object.assign(results.errors, exitedChildren(stack));
    results.apiStartup.index = stack.apiIndex.built ?? null;
  } catch (error) {
    results.errors.fatal = (error as Error).stack ?? String(error);
    log(`FATAL: ${(error as Error).message}`);
  } finally {
    await closeAll(results, opened);
  }
  results.scale = await scaleCurve(results, codes, logDir);
  return finishResults(results, started);
}

/**
 * The scale curve, last: the derived databases are copies of the bench database, which must
 * be idle for that, and building them must not share the machine with the measurements.
 * BENCH_SCALE=0 leaves only the main run's point.
 */
async function scaleCurve(results: Results, codes: string[], logDir: string): Promise<ScalePoint[] | undefined> {
  if (!results.apiStartup || !results.dataset) return undefined;
  if (!SCALE_CURVE) {
    log('── scale: skipped (BENCH_SCALE=0); the main run\'s API only');
    return [mainRunPoint(results.apiStartup.index?.services ?? results.dataset.services, results.apiStartup, results.memory?.api)];
  }
  const paths = availabilityPaths(codes, DISTINCT_QUESTIONS, SEED);
  const points: ScalePoint[] = [];
  for (const { services, estimateMs } of SCALE_POINTS) {
    const name = `scale ${services === null ? 'bench database' : `${services / 1000}k`}`;
    const point = await phase(results, name, () => measureScalePoint(DATABASE_URL, services, paths, logDir), estimateMs);
    if (point) points.push(point);
  }
  return points;
}

/**
 * Builds the data set; connects the client the bare SQL runs on, with the session settings
 * the project's DataSource uses (e.g. jit=off).
 */
async function openDataset(results: Results, opened: Opened): Promise<{ dataSource: DataSource; admin: Client }> {
  const built = await buildDataset(DATABASE_URL, DATA_SEED);
  const dataSource = built.dataSource;
  opened.dataSource = dataSource;
  results.dataset = built.summary;
  const admin = new Client({ connectionString: DATABASE_URL, application_name: 'line-tracker-bench', options: PG_OPTIONS });
  opened.admin = admin;
  await admin.connect();
  results.machine.postgres = (await admin.query(`SHOW server_version`)).rows[0].server_version;
  return { dataSource, admin };
}

/** The places availability is asked about: every local government but the prefectures. */
async function municipalityCodes(admin: Client): Promise<string[]> {
  const { rows } = await admin.query<{ code: string }>(`SELECT code FROM local_governments WHERE kind <> 'prefecture' ORDER BY code`);
  return rows.map((r) => r.code);
}

/** Change → gap, then which evaluation jobs the worker ran meanwhile. */
async function changeToGap(apiBase: string, admin: Client, prefectureTokens: Map<string, string>): Promise<NonNullable<Results['changeToGap']>> {
  const result = await measureChangeToGap(apiBase, DATABASE_URL, admin, prefectureTokens, 500, 4);
  return { ...result, evaluationJobs: await evaluationJobsByKind(REDIS_URL, QUEUE_PREFIX) };
}

/** Stops the memory sampler (its peaks are the memory results), the child processes, and closes the rest; deletes the run's Redis keys. */
async function closeAll(results: Results, opened: Opened): Promise<void> {
  if (opened.memory) results.memory = opened.memory.stop();
  await stopAll();
  if (opened.redis) {
    await clearQueuePrefix(opened.redis).catch(() => 0);
    opened.redis.disconnect();
  }
  await opened.admin?.end().catch(() => undefined);
  await opened.dataSource?.destroy().catch(() => undefined);
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
