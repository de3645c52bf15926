import autocannon from 'autocannon';
import { log, pick, prng, ratio, round, tokyoIso } from './util';

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
  bytesPerRequest: number;
  seconds: number;
}

/**
 * Availability questions: a random municipality (any local government but a prefecture)
 * at a random time in the next week, Tokyo time with its offset. Seeded, so both servers
 * (and two runs) get the same questions.
 */
export function availabilityPaths(codes: string[], count: number, seed: number, from = Date.now()): string[] {
  const random = prng(seed);
  const week = 7 * 24 * 3600_000;
  return Array.from({ length: count }, () => {
    const at = tokyoIso(from + Math.floor(random() * week / 60_000) * 60_000);
    return `/v1/availability?localGovernment=${pick(random, codes)}&at=${encodeURIComponent(at)}`;
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
  services?: { id: string; status: string; somethingOpen: boolean; line: unknown; channels: { id: string; openNow: unknown; closesAt: unknown; nextOpenAt: unknown }[] }[];
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
      channels: s.channels.map((c) => [c.id, c.openNow, c.closesAt, c.nextOpenAt]),
    })),
  };
}

export interface Equivalence {
  checked: number;
  identical: number;
  avgServices: number;
  avgBytes: number;
  firstDifference: string | null;
}

/** Each path as asked (the default page) and with limit=1000 (every service of the place). */
export async function checkEquivalence(apiBase: string, baselineBase: string, asked: string[]): Promise<Equivalence> {
  let identical = 0;
  let services = 0;
  let bytes = 0;
  let firstDifference: string | null = null;
  const paths = asked.flatMap((path) => [path, `${path}&limit=1000`]);
  for (const path of paths) {
    const [api, base] = await Promise.all([apiBase, baselineBase].map(async (b) => {
      const response = await fetch(b + path);
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) };
    }));
    if (!path.endsWith('&limit=1000')) {
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
  const result = { checked: paths.length, identical, avgServices: round(services / asked.length, 1), avgBytes: Math.round(bytes / asked.length), firstDifference };
  log(`equivalence: ${identical}/${paths.length} answers identical (default page: avg ${result.avgServices} services, ${result.avgBytes} bytes)`);
  if (firstDifference) log(`  ${firstDifference}`);
  return result;
}

export interface AvailabilityResult {
  equivalence: Equivalence;
  baseline: LoadResult;
  api: LoadResult;
  throughputRatio: number;
}

export interface AvailabilityRun {
  connections: number;
  /** Seconds of each measured run. */
  seconds: number;
  warmupSeconds: number;
  /** Seed of the questions: the measured ones, the warm-up's (seed + 1) and the equivalence check's (seed + 2). */
  seed: number;
}

/**
 * GET /v1/availability on the API against the bare baseline: first whether they give the
 * same answers, then for each a warm-up and a measured run with the same questions.
 * `codes`: the local governments asked about.
 */
export async function measureAvailability(apiBase: string, baselineBase: string, codes: string[], run: AvailabilityRun): Promise<AvailabilityResult> {
  const { connections, seconds, warmupSeconds, seed } = run;
  const paths = availabilityPaths(codes, 50_000, seed);
  const warmup = availabilityPaths(codes, 10_000, seed + 1);
  const equivalence = await checkEquivalence(apiBase, baselineBase, availabilityPaths(codes, 20, seed + 2));
  log(`baseline: warm-up ${warmupSeconds} s, then ${seconds} s with ${connections} connections`);
  await load(baselineBase, warmup, connections, warmupSeconds);
  const baselineRun = await load(baselineBase, paths, connections, seconds);
  log(`baseline: ${baselineRun.reqPerSec} req/s, p50 ${baselineRun.p50} ms, p99 ${baselineRun.p99} ms (${baselineRun.non2xx} non-2xx, ${baselineRun.errors} errors)`);
  log(`api: warm-up ${warmupSeconds} s, then ${seconds} s with ${connections} connections`);
  await load(apiBase, warmup, connections, warmupSeconds);
  const apiRun = await load(apiBase, paths, connections, seconds);
  log(`api: ${apiRun.reqPerSec} req/s, p50 ${apiRun.p50} ms, p99 ${apiRun.p99} ms (${apiRun.non2xx} non-2xx, ${apiRun.errors} errors)`);
  return { equivalence, baseline: baselineRun, api: apiRun, throughputRatio: ratio(apiRun.reqPerSec, baselineRun.reqPerSec) };
}
