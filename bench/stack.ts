/**
 * The system under test: the real API and worker, as `npm start` would run them
 * (production build), the bare baseline and the ceiling, each a child process; the Redis keys they
 * share under the benchmark's queue prefix; the tokens the measurements call the API with.
 */
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { tokensServiceOver } from '../src/database/standalone';
import { validateConfig } from '../src/config/app-config';
import { JobName, QueueName } from '../src/jobs/jobs';
import { API_NODE_FLAGS, DATABASE_URL, DIST, PG_OPTIONS, QUEUE_PREFIX, REDIS_URL, ROOT } from './config';
import type { CeilingServer } from './availability';
import { Child, freePort, rssMb, waitForHttp } from './processes';
import { log, nowMs, round, sleep } from './util';

export interface Stack {
  api: Child;
  worker: Child;
  baseline: Child;
  /** What the memory sampler samples: the above, and the ceiling while it runs. */
  children: Child[];
  apiBase: string;
  baselineBase: string;
  /** What the API said about building its availability index, once it has. */
  apiIndex: IndexWatch;
}

/** The line the API prints once it has built its availability index at start-up. */
const INDEX_BUILT = /availability index: built (\d[\d,]*) services in (\d[\d,.]*) ms/;

export interface IndexBuild {
  services: number;
  ms: number;
  /** The API's RSS when the line arrived, MB. */
  rssMb: number | null;
}

export interface IndexWatch {
  built?: IndexBuild;
}

/** Watches the API's output for INDEX_BUILT (colours stripped: Nest colours its logs). Call it right after starting the API. */
export function watchIndexBuild(api: Child): IndexWatch {
  const watch: IndexWatch = {};
  api.onLine((line) => {
    const match = watch.built ? null : INDEX_BUILT.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
    if (match) watch.built = { services: Number(match[1].replace(/,/g, '')), ms: Number(match[2].replace(/,/g, '')), rssMb: rssMb(api.pid) };
  });
  return watch;
}

export interface FirstAnswer {
  ms: number;
  status: number;
  /** The API's RSS right after it, MB. */
  rssMb: number | null;
}

/**
 * One availability request, timed: asked as soon as the API is up, it says how long the API
 * takes to answer when nothing is built yet (the stand-in for the build time when the API
 * prints no INDEX_BUILT line: it builds lazily).
 */
export async function firstAnswer(api: Child, apiBase: string, path: string): Promise<FirstAnswer> {
  const started = nowMs();
  const response = await fetch(apiBase + path, { signal: AbortSignal.timeout(120_000) });
  await response.arrayBuffer();
  return { ms: round(nowMs() - started, 1), status: response.status, rssMb: rssMb(api.pid) };
}

/** The API's environment, as `npm start` would run it in production, on `databaseUrl` with its queues under `queuePrefix`. */
export function apiEnv(databaseUrl: string, port: number, queuePrefix: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    PORT: String(port),
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_WRITES_PER_MINUTE: '100000000',
    QUEUE_PREFIX: queuePrefix,
  };
}

export interface Tokens {
  ministry: string;
  /** By prefecture code, 01 to 47. */
  prefectures: Map<string, string>;
}

/** A ministry token and one token per prefecture. */
export async function issueTokens(dataSource: DataSource): Promise<Tokens> {
  const tokens = tokensServiceOver(dataSource);
  const ministry = await tokens.issue('ministry', undefined, 'bench ministry');
  const prefectures = new Map<string, string>();
  for (let p = 1; p <= 47; p++) {
    const code = String(p).padStart(2, '0');
    prefectures.set(code, (await tokens.issue('prefecture', code, `bench prefecture ${code}`)).token);
  }
  return { ministry: ministry.token, prefectures };
}

/** Deletes this benchmark's own keys (its queue prefix, or another with "bench" in it) from Redis, in bounded SCAN batches. */
export async function clearQueuePrefix(redis: Redis, prefix = QUEUE_PREFIX): Promise<number> {
  if (!/bench/.test(prefix)) throw new Error(`refusing to delete the keys under "${prefix}": not a benchmark's prefix`);
  let cursor = '0';
  let deleted = 0;
  for (let i = 0; i < 10_000; i++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length) deleted += await redis.del(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  return deleted;
}

/** Starts the API, the worker and the baseline on free loopback ports, their output in `logDir`. */
export async function startStack(logDir: string): Promise<Stack> {
  const [apiPort, baselinePort] = [await freePort(), await freePort()];
  const env = apiEnv(DATABASE_URL, apiPort, QUEUE_PREFIX);
  // The worker's sweep scheduler runs its first sweep as soon as it is registered, then
  // every SWEEP_INTERVAL_MS. Registered here first (same interval) with its first run an
  // hour out, the worker's own upsert keeps that time: no scheduled sweep lands in the
  // middle of the other measurements (the sweep is measured on its own, before).
  const every = validateConfig({ ...process.env, ...env }).SWEEP_INTERVAL_MS;
  const maintenance = new Queue(QueueName.Maintenance, { connection: { url: REDIS_URL }, prefix: QUEUE_PREFIX });
  await maintenance.upsertJobScheduler('sweep', { every, startDate: Date.now() + 3_600_000 }, { name: JobName.Sweep });
  await maintenance.close();
  const api = new Child('api', join(DIST, 'src', 'main.js'), env, ROOT, join(logDir, 'api.log'), API_NODE_FLAGS);
  const apiIndex = watchIndexBuild(api);
  const worker = new Child('worker', join(DIST, 'src', 'worker.js'), env, ROOT, join(logDir, 'worker.log'));
  const baseline = new Child(
    'baseline',
    join(DIST, 'bench', 'baseline-server.js'),
    { DATABASE_URL, PORT: String(baselinePort), ...(PG_OPTIONS ? { PG_OPTIONS } : {}) },
    ROOT,
    join(logDir, 'baseline.log'),
  );
  log(`api pid ${api.pid} :${apiPort}, worker pid ${worker.pid}, baseline pid ${baseline.pid} :${baselinePort}; logs in ${logDir}`);
  return { api, worker, baseline, children: [api, worker, baseline], apiBase: `http://127.0.0.1:${apiPort}`, baselineBase: `http://127.0.0.1:${baselinePort}`, apiIndex };
}

/** The ceiling server on a recording of the API's answers (ceiling-server.ts), sampled with the stack while it runs. */
export async function startCeiling(stack: Stack, logDir: string, recordingIndex: string): Promise<CeilingServer> {
  const port = await freePort();
  const ceiling = new Child('ceiling', join(DIST, 'bench', 'ceiling-server.js'), { RECORDING: recordingIndex, PORT: String(port) }, ROOT, join(logDir, 'ceiling.log'));
  stack.children.push(ceiling);
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, ceiling, 30_000);
  log(`ceiling pid ${ceiling.pid} :${port}`);
  return { base, stop: () => ceiling.stop() };
}

/** Waits for the API, the baseline and the worker to be ready (bounded). */
export async function waitUntilReady(stack: Stack): Promise<void> {
  await waitForHttp(`${stack.apiBase}/health`, stack.api, 60_000);
  await waitForHttp(`${stack.baselineBase}/health`, stack.baseline, 20_000);
  await waitForWorker(stack.worker, `${stack.apiBase}/health`, 60_000);
  log('api, worker and baseline ready');
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

/** The API or the worker found dead after the measurements, by name, with the end of its output. */
export function exitedChildren(stack: Stack): Record<string, string> {
  const exited: Record<string, string> = {};
  if (!stack.api.alive) exited.api = `the API exited (code ${stack.api.exitCode}):\n${stack.api.lines().slice(-20).join('\n')}`;
  if (!stack.worker.alive) exited.worker = `the worker exited (code ${stack.worker.exitCode}):\n${stack.worker.lines().slice(-20).join('\n')}`;
  return exited;
}
