import autocannon from 'autocannon';
import { rmSync } from 'node:fs';
import { recordAnswers, RecordingSummary } from './ceiling-server';
import { FULL_VIEW_PARAM } from './config';
import { log, prng, ratio, round, shuffled, tokyoIso } from './util';

/**
 * How many distinct questions the load runs cycle through, each server the same. More than
 * there are places to ask about (1,9xx municipalities and wards), so every place is asked;
 * few enough that recording the API's answer to each for the ceiling stays cheap (2,000
 * requests, a few seconds at the target rate; 2,000 answers on disk and in the ceiling's
 * memory). Asking a path again gives the API nothing: it caches nothing by path (its cache
 * holds places' services, whatever the time asked), and each question has its own time.
 */
export const DISTINCT_QUESTIONS = 2_000;

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** On the wire: the body and the headers, as the load tool receives them. */
  bytesPerRequest: number;
  seconds: number;
}

/**
 * Availability questions: the municipalities (any local government but a prefecture) in a
 * seeded random order, each asked once before any is asked twice, each at a random time in
 * the next week, Tokyo time with its offset. Seeded, so every server (and two runs) get the
 * same questions.
 */
export function availabilityPaths(codes: string[], count: number, seed: number, from = Date.now()): string[] {
  const random = prng(seed);
  const week = 7 * 24 * 3600_000;
  let order: string[] = [];
  return Array.from({ length: count }, (_, i) => {
    if (i % codes.length === 0) order = shuffled(random, codes);
    const at = tokyoIso(from + Math.floor(random() * week / 60_000) * 60_000);
    return `/v1/availability?localGovernment=${order[i % codes.length]}&at=${encodeURIComponent(at)}`;
  });
}

/** One autocannon run, each request taking the next path of the list (shared by all connections). */
export async function load(baseUrl: string, paths: string[], connections: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          request.path = paths[next++ % paths.length];
          return request;
        },
      },
    ],
  });
  const requests = result.requests.total;
  return {
    requests,
    reqPerSec: round(requests / result.duration, 1),
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerRequest: requests ? Math.round(result.throughput.total / requests) : 0,
    seconds: round(result.duration, 2),
  };
}

/**
 * What matters in an availability answer, in order: the page of services with their status,
 * line and channel evaluation, and the paging. The two servers must agree on it for the
 * comparison to be fair.
 */
interface Answer {
  total?: number;
  nextCursor?: string | null;
  services?: { id: string; status: string; somethingOpen: boolean; line: unknown; channels: { id: string; openNow: unknown; acceptingNew: unknown; closesAt: unknown; nextOpenAt: unknown; closedReason: unknown; next7Days: unknown }[] }[];
}

function essence(body: Answer) {
  return {
    total: body.total,
    more: body.nextCursor !== null && body.nextCursor !== undefined,
    services: (body.services ?? []).map((s) => ({
      id: s.id,
      status: s.status,
      somethingOpen: s.somethingOpen,
      line: s.line,
      channels: s.channels.map((c) => [c.id, c.openNow, c.acceptingNew, c.closesAt, c.nextOpenAt, c.closedReason, c.next7Days]),
    })),
  };
}

export interface Equivalence {
  checked: number;
  identical: number;
  /** The view the API was asked for (FULL_VIEW_PARAM): the baseline's only shape. */
  viewParam: string;
  /** Of the API's full answers (default page). */
  avgServices: number;
  avgBytes: number;
  firstDifference: string | null;
}

/**
 * Each path as asked (the default page) and with limit=1000 (every service of the place), in
 * the API's full view: the shape the baseline answers.
 */
export async function checkEquivalence(apiBase: string, baselineBase: string, asked: string[]): Promise<Equivalence> {
  let identical = 0;
  let services = 0;
  let bytes = 0;
  let firstDifference: string | null = null;
  const questions = asked.flatMap((path) => [
    { path: path + FULL_VIEW_PARAM, defaultPage: true },
    { path: `${path}&limit=1000${FULL_VIEW_PARAM}`, defaultPage: false },
  ]);
  for (const { path, defaultPage } of questions) {
    const [api, base] = await Promise.all([apiBase, baselineBase].map(async (b) => {
      const response = await fetch(b + path);
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) };
    }));
    if (defaultPage) {
      services += (api.body.services ?? []).length;
      bytes += Buffer.byteLength(api.text);
    }
    const a = JSON.stringify(essence(api.body));
    const b = JSON.stringify(essence(base.body));
    if (api.status === 200 && base.status === 200 && a === b) identical++;
    else if (!firstDifference) {
      let at = 0;
      while (at < a.length && a[at] === b[at]) at++;
      firstDifference = `${path}: API ${api.status} / baseline ${base.status}; first difference at char ${at}: API …${a.slice(Math.max(0, at - 80), at + 80)}… baseline …${b.slice(Math.max(0, at - 80), at + 80)}…`;
    }
  }
  const result = { checked: questions.length, identical, viewParam: FULL_VIEW_PARAM, avgServices: round(services / asked.length, 1), avgBytes: Math.round(bytes / asked.length), firstDifference };
  log(`equivalence (API asked with "${FULL_VIEW_PARAM}"): ${identical}/${questions.length} answers identical (default page: avg ${result.avgServices} services, ${result.avgBytes} bytes)`);
  if (firstDifference) log(`  ${firstDifference}`);
  return result;
}

export interface AvailabilityResult {
  equivalence: Equivalence;
  /** How many distinct questions the load runs cycled through (DISTINCT_QUESTIONS). */
  distinctQuestions: number;
  baseline: LoadResult;
  api: LoadResult;
  throughputRatio: number;
  /** The API's answers replayed by bare node:http (ceiling-server.ts); null when it could not be measured (ceilingError). */
  ceiling: LoadResult | null;
  /** API req/s ÷ ceiling req/s. */
  ceilingRatio: number | null;
  recording: RecordingSummary | null;
  ceilingError?: string;
}

export interface AvailabilityRun {
  connections: number;
  /** Seconds of each measured run. */
  seconds: number;
  warmupSeconds: number;
  /** Seed of the questions: the load runs' and, with seed + 2, the equivalence check's. */
  seed: number;
}

/** The ceiling server, started on a recording once the API's answers are recorded. */
export interface CeilingServer {
  base: string;
  stop(): Promise<void>;
}

export interface AvailabilityServers {
  api: string;
  baseline: string;
  startCeiling(recordingIndex: string): Promise<CeilingServer>;
}

/** A warm-up, then the measured run, with the same questions and connections. */
async function measureServer(name: string, base: string, paths: string[], run: AvailabilityRun): Promise<LoadResult> {
  log(`${name}: warm-up ${run.warmupSeconds} s, then ${run.seconds} s with ${run.connections} connections`);
  // The warm-up starts half-way round the questions, so the measured run does not begin with the places just warmed.
  const half = Math.floor(paths.length / 2);
  await load(base, [...paths.slice(half), ...paths.slice(0, half)], run.connections, run.warmupSeconds);
  const result = await load(base, paths, run.connections, run.seconds);
  log(`${name}: ${result.reqPerSec} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.bytesPerRequest} bytes/answer (${result.non2xx} non-2xx, ${result.errors} errors)`);
  return result;
}

/** `work`'s value, or why it failed (the ceiling's failure must not lose the API's figures). */
async function settled<T>(work: () => Promise<T>): Promise<{ value: T; error?: undefined } | { value?: undefined; error: string }> {
  try {
    return { value: await work() };
  } catch (error) {
    log(`ceiling FAILED: ${(error as Error).message}`);
    return { error: (error as Error).stack ?? String(error) };
  }
}

/** The ceiling on the recorded answers, measured like the API, then stopped (it holds every answer in memory). */
async function measureCeiling(servers: AvailabilityServers, recording: RecordingSummary, paths: string[], run: AvailabilityRun): Promise<LoadResult> {
  const ceiling = await servers.startCeiling(recording.index);
  try {
    return await measureServer('ceiling', ceiling.base, paths, run);
  } finally {
    await ceiling.stop();
    // Hundreds of MB at today's answer size; the index stays for a look at what was replayed.
    rmSync(recording.bodies, { force: true });
  }
}

/**
 * GET /v1/availability on the API against the bare baseline and the ceiling: first whether
 * the API and the baseline give the same answers, then the API's answer to each question
 * recorded for the ceiling, then for each server a warm-up and a measured run with the same
 * questions: each server's default answer (the API's compact one, the baseline's full one).
 * `codes`: the local governments asked about; `logDir`: where the recording goes.
 */
export async function measureAvailability(servers: AvailabilityServers, codes: string[], run: AvailabilityRun, logDir: string): Promise<AvailabilityResult> {
  const paths = availabilityPaths(codes, DISTINCT_QUESTIONS, run.seed);
  const equivalence = await checkEquivalence(servers.api, servers.baseline, availabilityPaths(codes, 20, run.seed + 2));
  const recorded = await settled(() => recordAnswers(servers.api, paths, logDir));
  if (recorded.value) {
    const r = recorded.value;
    log(`recorded the API's answers to ${r.answers} questions in ${r.seconds} s (${r.totalMb} MB, avg ${r.avgBodyBytes} bytes of body; statuses ${JSON.stringify(r.statuses)})`);
  }
  const baseline = await measureServer('baseline', servers.baseline, paths, run);
  const api = await measureServer('api', servers.api, paths, run);
  const ceiling = recorded.value ? await settled(() => measureCeiling(servers, recorded.value, paths, run)) : recorded;
  const ceilingRun = ceiling.value ?? null;
  return {
    equivalence,
    distinctQuestions: paths.length,
    baseline,
    api,
    throughputRatio: ratio(api.reqPerSec, baseline.reqPerSec),
    ceiling: ceilingRun,
    ceilingRatio: ceilingRun ? ratio(api.reqPerSec, ceilingRun.reqPerSec) : null,
    recording: recorded.value ?? null,
    ...(ceiling.error ? { ceilingError: ceiling.error } : {}),
  };
}
