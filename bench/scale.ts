/**
 * The scale curve: how the API's start-up (building what it answers availability from) and
 * its memory grow with the number of services: 30,000, the bench database's 100,000, and
 * 300,000. The others are databases of their own, derived from the bench database once the
 * main run is over (a template copy needs its template idle): 30,000 by deleting services,
 * 300,000 by duplicating them with their status changes and channels. On each, the API
 * alone (no worker: availability does not need it) starts, answers a first question, then
 * SCALE_LOAD_SECONDS of availability load, and stops; a derived database is then dropped. The
 * bench database's point is measured the same way (a fresh API), so that the three compare.
 */
import Redis from 'ioredis';
import { join } from 'node:path';
import { Client } from 'pg';
import { load, LoadResult } from './availability';
import { API_NODE_FLAGS, CONNECTIONS, DIST, QUEUE_PREFIX, REDIS_URL, ROOT } from './config';
import { DATABASE_MARKER, databaseName, dropOwnDatabase, maintenanceClient, step } from './dataset';
import { Child, freePort, MemoryPeak, MemorySampler, waitForHttp } from './processes';
import { apiEnv, clearQueuePrefix, firstAnswer, FirstAnswer, IndexBuild, watchIndexBuild } from './stack';
import { log, nowMs, round } from './util';

export interface ScalePoint {
  services: number;
  /** The build of the API's availability index as it reports it (method 'log'), else its first availability answer's latency (method 'first-answer'). */
  buildMs: number | null;
  rssAfterBuildMb: number | null;
  /** Over the start-up and SCALE_LOAD_SECONDS of availability load (the main run's: over its start-up and availability part). */
  peakRssMb: number | null;
  method: 'log' | 'first-answer';
  /** 'derived': a database of its own, built in datasetSeconds; 'bench database': as the main run left it; 'main run': the main API's figures. */
  source: 'derived' | 'bench database' | 'main run';
  datasetSeconds?: number;
  /** The availability load, to show the API answered at that scale. */
  load?: { seconds: number; reqPerSec: number; p99: number; non2xx: number; errors: number };
}

/** The points of the curve, smallest first: how many services (null: the bench database as it is), and how long each takes, measured on this project's machine with a margin. */
export const SCALE_POINTS = [
  { services: 30_000, estimateMs: 45_000 },
  { services: null, estimateMs: 30_000 },
  { services: 300_000, estimateMs: 160_000 },
] as const;
/** Seconds of availability load on each point: past the first seconds' growth of the heap, the same on each. */
export const SCALE_LOAD_SECONDS = 10;
/** The queues of the curve's API: its own, so their keys can be deleted without touching the main run's. */
const SCALE_QUEUE_PREFIX = `${QUEUE_PREFIX}-scale`;

/** A point from what the API said about its build (if it did) and its first answer. */
function startupPoint(services: number, built: IndexBuild | undefined | null, first: FirstAnswer | null, peakRssMb: number | null): Omit<ScalePoint, 'source'> {
  if (built) return { services, buildMs: built.ms, rssAfterBuildMb: built.rssMb, peakRssMb, method: 'log' };
  return { services, buildMs: first?.ms ?? null, rssAfterBuildMb: first?.rssMb ?? null, peakRssMb, method: 'first-answer' };
}

/** The main run's point, when the curve is not measured (BENCH_SCALE=0): its API's start-up, and its peak over the start-up and the availability part. */
export function mainRunPoint(services: number, startup: { index: IndexBuild | null; firstAnswer: FirstAnswer | null }, api: MemoryPeak | undefined): ScalePoint {
  const phases = [api?.byPhase.startup, api?.byPhase.availability].filter((v): v is number => v !== undefined);
  return { ...startupPoint(services, startup.index, startup.firstAnswer, phases.length ? Math.max(...phases) : null), source: 'main run' };
}

/** Runs `work` on a connection to the database, with the FK triggers off: the children are written or deleted set-based, consistent by construction. */
async function onDatabase<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'line-tracker-bench-scale' });
  await client.connect();
  try {
    // A cascade or a check per row costs a lookup per row (a sequential scan of evaluation_requests, which has no plain index on service_id).
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET synchronous_commit = off`);
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One statement on a connection of its own, so that two can run at once. */
const statement = (databaseUrl: string, sql: string) => onDatabase(databaseUrl, (client) => client.query(sql));

/** Keeps `services` of the services, a random sample over every place, and deletes what belonged to the others. */
async function shrink(databaseUrl: string, services: number): Promise<void> {
  await onDatabase(databaseUrl, async (client) => {
    await step('services', () => client.query(`DELETE FROM line_services WHERE id IN (SELECT id FROM line_services ORDER BY md5(id::text) OFFSET $1)`, [services]));
    await step('their rows in the other tables', async () => {
      for (const table of ['status_changes', 'fallback_channels', 'findings', 'evaluation_requests', 'events', 'audit_log']) {
        await client.query(`DELETE FROM ${table} x WHERE x.service_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM line_services s WHERE s.id = x.service_id)`);
      }
      await client.query(`DELETE FROM webhook_deliveries d WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = d.event_id)`);
    });
  });
}

/** The columns a copy of a row writes: all but the generated ones (computed again) and identities (numbered again). */
async function copiedColumns(databaseUrl: string, table: string): Promise<string[]> {
  const { rows } = await onDatabase(databaseUrl, (client) =>
    client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' AND is_identity = 'NO' ORDER BY ordinal_position`,
      [table],
    ),
  );
  return rows.map((r) => r.column_name);
}

/** INSERT … SELECT copying `table`'s rows (alias x) for the copies of one half (alias c), with some columns given instead of copied. */
async function copySql(databaseUrl: string, table: string, from: string, given: Record<string, string>): Promise<(half: number) => string> {
  const columns = await copiedColumns(databaseUrl, table);
  const values = columns.map((column) => given[column] ?? `x."${column}"`);
  return (half) => `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')}) SELECT ${values.join(', ')} FROM ${from} WHERE c.half = ${half}`;
}

/**
 * Adds copies of the services (new ids, the same operators, the name numbered) with their
 * status changes and channels, up to `services`. The copies are made in two halves, one per
 * connection (the machine has two cores): every row written used to cost a call of
 * hours_multirange() for generated week ranges, dropped since (migration HoursWindows).
 */
async function grow(databaseUrl: string, services: number, current: number): Promise<void> {
  const copies = Math.ceil(services / current) - 1;
  // A plain table (not TEMP): the two connections read it.
  await statement(databaseUrl, `
    CREATE UNLOGGED TABLE bench_scale_copies AS
    SELECT old_id, new_id, k, (row_number() OVER ()) % 2 AS half
      FROM (SELECT s.id AS old_id, gen_random_uuid() AS new_id, k
              FROM line_services s, generate_series(1, ${copies}) k
             ORDER BY k, md5(s.id::text) LIMIT ${services - current}) p`);
  const copyServices = await copySql(databaseUrl, 'line_services', 'bench_scale_copies c JOIN line_services x ON x.id = c.old_id', {
    id: 'c.new_id',
    name: `left(x.name, 190) || ' #' || (c.k + 1)`,
  });
  const copyStatusChanges = await copySql(databaseUrl, 'status_changes', 'bench_scale_copies c JOIN status_changes x ON x.service_id = c.old_id', { service_id: 'c.new_id' });
  const copyChannels = await copySql(databaseUrl, 'fallback_channels', 'bench_scale_copies c JOIN fallback_channels x ON x.service_id = c.old_id', {
    id: 'gen_random_uuid()',
    service_id: 'c.new_id',
  });
  const halves = [0, 1];
  await step('services', () => Promise.all(halves.map((half) => statement(databaseUrl, copyServices(half)))));
  await step('status changes + channels', () =>
    Promise.all(halves.map((half) => onDatabase(databaseUrl, async (client) => {
      await client.query(copyStatusChanges(half));
      await client.query(copyChannels(half));
    }))),
  );
  await statement(databaseUrl, `DROP TABLE bench_scale_copies`);
}

/** Where the derived database of `services` services goes: the bench database's name with a suffix. */
function derivedUrl(sourceUrl: string, services: number): string {
  const name = `${databaseName(sourceUrl)}_${services / 1000}k`;
  if (!/bench/.test(name)) throw new Error(`refusing to create ${name}: a derived database's name must contain "bench"`);
  const url = new URL(sourceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A copy of the bench database (which must be idle) at `url`, marked as the benchmark's, with `services` services; how many it got, and in how long. */
async function deriveDatabase(sourceUrl: string, url: string, services: number): Promise<{ services: number; seconds: number }> {
  const name = databaseName(url);
  const started = nowMs();
  const admin = await maintenanceClient(sourceUrl);
  try {
    await dropOwnDatabase(admin, name);
    // FILE_COPY: a checkpoint and a copy of the files, much faster than WAL-logging every block of a database this size.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(sourceUrl)}" STRATEGY FILE_COPY`);
    await admin.query(`COMMENT ON DATABASE "${name}" IS '${DATABASE_MARKER}'`);
  } finally {
    await admin.end();
  }
  const copiedSeconds = (nowMs() - started) / 1000;
  const current = (await countRows(url)).services;
  if (services < current) await shrink(url, services);
  else await grow(url, services, current);
  await step('vacuum analyze', () => statement(url, `VACUUM ANALYZE`));
  const seconds = round((nowMs() - started) / 1000, 1);
  const derived = await countRows(url);
  log(`${name}: ${derived.services} services (from ${current}), ${derived.statusChanges} status changes, ${derived.channels} channels in ${seconds} s (of which the template copy ${round(copiedSeconds, 1)} s)`);
  return { services: derived.services, seconds };
}

async function countRows(databaseUrl: string): Promise<{ services: number; statusChanges: number; channels: number }> {
  const { rows } = await statement(
    databaseUrl,
    `SELECT (SELECT count(*) FROM line_services)::int AS services, (SELECT count(*) FROM status_changes)::int AS "statusChanges", (SELECT count(*) FROM fallback_channels)::int AS channels`,
  );
  return rows[0];
}

/** The API alone on `databaseUrl`: its start-up, then SCALE_LOAD_SECONDS of availability questions; its memory sampled throughout. */
async function measureApiAt(databaseUrl: string, services: number, paths: string[], logDir: string): Promise<Omit<ScalePoint, 'source'>> {
  const port = await freePort();
  const name = `api-${services}`;
  const api = new Child(name, join(DIST, 'src', 'main.js'), apiEnv(databaseUrl, port, SCALE_QUEUE_PREFIX), ROOT, join(logDir, `${name}.log`), API_NODE_FLAGS);
  const index = watchIndexBuild(api);
  const memory = new MemorySampler(() => [api]);
  memory.phase = 'startup';
  const base = `http://127.0.0.1:${port}`;
  let first: FirstAnswer;
  let run: LoadResult;
  let peaks: Record<string, MemoryPeak>;
  try {
    await waitForHttp(`${base}/health`, api, 180_000);
    first = await firstAnswer(api, base, paths[0]);
    memory.phase = 'load';
    run = await load(base, paths, CONNECTIONS, SCALE_LOAD_SECONDS);
  } finally {
    peaks = memory.stop();
    await api.stop();
  }
  const point = startupPoint(services, index.built, first, peaks[name]?.peakRssMb ?? null);
  log(`${name}: build ${point.buildMs} ms (${point.method}), RSS ${point.rssAfterBuildMb} MB after it, peak ${point.peakRssMb} MB; ${run.reqPerSec} req/s, p99 ${run.p99} ms, ${run.non2xx} non-2xx`);
  return { ...point, load: { seconds: run.seconds, reqPerSec: run.reqPerSec, p99: run.p99, non2xx: run.non2xx, errors: run.errors } };
}

/** Runs `work`, then deletes the Redis keys of the curve's API, whatever happened. */
async function withScaleQueues<T>(work: () => Promise<T>): Promise<T> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2, connectionName: 'line-tracker-bench-scale' });
  try {
    return await work();
  } finally {
    await clearQueuePrefix(redis, SCALE_QUEUE_PREFIX).catch(() => 0);
    redis.disconnect();
  }
}

/**
 * One point of the curve: `services` on a database derived from `sourceUrl` (dropped
 * afterwards, whatever happened), or null for `sourceUrl` itself. `sourceUrl` must be idle
 * (nothing connected) for a derived one.
 */
export async function measureScalePoint(sourceUrl: string, services: number | null, paths: string[], logDir: string): Promise<ScalePoint> {
  if (services === null) {
    const { services: count } = await countRows(sourceUrl);
    return withScaleQueues(async () => ({ ...(await measureApiAt(sourceUrl, count, paths, logDir)), source: 'bench database' }));
  }
  const url = derivedUrl(sourceUrl, services);
  try {
    const derived = await deriveDatabase(sourceUrl, url, services);
    const point = await withScaleQueues(() => measureApiAt(url, derived.services, paths, logDir));
    return { ...point, source: 'derived', datasetSeconds: derived.seconds };
  } finally {
    const admin = await maintenanceClient(sourceUrl);
    await dropOwnDatabase(admin, databaseName(url)).finally(() => admin.end());
  }
}
