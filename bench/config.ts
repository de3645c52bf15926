/**
 * The benchmark's settings, from the environment variables described in run.ts (all
 * optional), and the check that everything stays on loopback.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dataSourceOptions } from '../src/database/data-source-options';

/** dist/ (this file is dist/bench/config.js) and the repository it was built from. */
export const DIST = resolve(__dirname, '..');
export const ROOT = resolve(DIST, '..');
/** The API's Node flags (its heap settings), as `npm start` gives them: package.json config.apiNodeFlags. */
export const API_NODE_FLAGS: string[] = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).config?.apiNodeFlags ?? '').split(/\s+/).filter(Boolean);
export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/line_tracker_bench';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const QUEUE_PREFIX = process.env.BENCH_QUEUE_PREFIX ?? 'line-tracker-bench';
export const DURATION = boundedNumber('BENCH_DURATION', 20, 1, 120);
export const CONNECTIONS = boundedNumber('BENCH_CONNECTIONS', 50, 1, 500);
export const WARMUP_SECONDS = 4;
/**
 * Appended to each question of the equivalence check: the API's default availability answer
 * is compact, and `view=full` is the shape the baseline answers (the load runs use each
 * server's default). BENCH_AVAILABILITY_VIEW_PARAM='' for an API that does not know `view`.
 */
export const FULL_VIEW_PARAM = viewParam(process.env.BENCH_AVAILABILITY_VIEW_PARAM ?? '&view=full');
/** BENCH_SCALE=0 skips the scale curve (the API on 30,000, 100,000 and 300,000 services; scale.ts). */
export const SCALE_CURVE = process.env.BENCH_SCALE !== '0';
/** The PostgreSQL session options of the project's DataSource (extra.options), for the bare SQL and the baseline. */
export const PG_OPTIONS = (dataSourceOptions(DATABASE_URL).extra as { options?: string } | undefined)?.options;
/** Seeds of the generated data (PostgreSQL's setseed) and of the availability questions. */
export const DATA_SEED = 0.42;
export const SEED = 20210317;

function boundedNumber(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}`);
  return value;
}

function viewParam(value: string): string {
  if (value !== '' && !/^&[a-z]+=[a-z]+$/i.test(value)) throw new Error(`BENCH_AVAILABILITY_VIEW_PARAM must be empty or like "&view=full" (got "${value}")`);
  return value;
}

function assertLoopback(url: string, what: string): void {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error(`${what} must be on loopback (got ${host}): the benchmark loads only the local machine`);
}

/** Refuses a database or Redis off loopback, and a queue prefix that may be another deployment's. */
export function checkEnvironment(): void {
  assertLoopback(DATABASE_URL, 'BENCH_DATABASE_URL');
  assertLoopback(REDIS_URL, 'REDIS_URL');
  // Its keys are deleted before and after the run: never another deployment's.
  if (!/bench/.test(QUEUE_PREFIX)) throw new Error('BENCH_QUEUE_PREFIX must contain "bench" (the benchmark deletes every key under it)');
}
