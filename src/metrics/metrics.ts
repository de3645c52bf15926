import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';

/** The prefix of every metric of the tracker's own, and of prom-client's process metrics. */
export const METRIC_PREFIX = 'line_tracker_';

/**
 * Request durations: the availability answer takes milliseconds, an import seconds.
 * The buckets around 0.05-0.25 s are where the availability objective sits.
 */
export const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Job durations: an evaluation takes milliseconds, a national sweep or a slow webhook seconds. */
export const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** From a write to the finding it opens: well under a second normally, minutes when Redis was away. */
export const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900];

/** The label of requests no route matched (404s, and requests refused before routing): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** A registry of this process's own, with the Node.js process metrics (collected on scrape). */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}

/**
 * The route label of a request: the pattern Express matched (`/v1/services/:id`), read when
 * the response has finished, so ids, codes and query strings never become label values
 * (each distinct value is a new time series). Requests no route matched share one label.
 * `mountedAt` is the route the timing middleware itself was mounted as (Nest mounts
 * middleware as a catch-all route): still the request's route at the end means no other matched.
 */
export function routeLabel(req: { route?: { path?: unknown } }, mountedAt?: unknown): string {
  const path = req.route && req.route !== mountedAt ? req.route.path : undefined;
  return typeof path === 'string' ? path : UNMATCHED_ROUTE;
}

/**
 * Who may read the metrics: 404 when no METRICS_TOKEN is configured (the endpoint does not
 * exist), 401 without the right bearer token, 200 with it. Compared in constant time.
 */
export function metricsAccess(configuredToken: string, authorization: string | undefined): 200 | 401 | 404 {
  if (!configuredToken) return 404;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return 401;
  return timingSafeEqual(digest(match[1]), digest(configuredToken)) ? 200 : 401;
}

/** Equal-length digests, so the comparison takes the same time whatever the lengths. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
