import type { HealthIndicatorResult } from '@nestjs/terminus';

/** How long a probe waits for PostgreSQL or Redis before calling it down. */
export const CHECK_TIMEOUT_MS = 1500;

/**
 * A check the process can do its job without (Redis for the API: writes go to the outbox):
 * its `down` becomes `degraded`, which keeps the answer 200 and says what is impaired.
 */
export async function optional<Key extends string>(attempt: PromiseLike<HealthIndicatorResult<Key>>): Promise<HealthIndicatorResult<Key>> {
  const result = await attempt;
  const entries = Object.entries(result as Record<string, { status: string }>).map(([key, value]) => [key, value.status === 'down' ? { ...value, status: 'degraded' } : value]);
  return Object.fromEntries(entries) as HealthIndicatorResult<Key>;
}

/** Rejects after `ms` (a Redis command can wait for a reconnect forever otherwise). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
