import { resetAppConfig } from '../../../src/config/app-config';
import Redis from 'ioredis';

export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix for one run of one fault suite: nobody else's keys start with it. */
export function faultsPrefix(name: string): string {
  return `line-tracker-test-faults-${name}-${process.pid}-${Date.now().toString(36)}`;
}

/**
 * Deletes the keys a suite left under its own queue prefix in the shared Redis (queues,
 * jobs, rate-limit counters): only keys under a fault suite's prefix, never anyone else's.
 */
export async function deleteKeysUnder(prefix: string, url = SHARED_REDIS_URL): Promise<number> {
  if (!/^line-tracker-test-faults-[A-Za-z0-9-]+$/.test(prefix)) throw new Error(`not a fault suite's prefix: ${prefix}`);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * What every fault suite undoes last, whatever failed before: its own database (if it made
 * one), its Redis keys, and the environment and configuration it changed.
 */
export async function releaseSuite(options: { database?: { drop(): Promise<void> }; prefixes: string[]; restoreEnv: () => void }): Promise<void> {
  try {
    await options.database?.drop();
    for (const prefix of options.prefixes) await deleteKeysUnder(prefix);
  } finally {
    options.restoreEnv();
    resetAppConfig();
  }
}
