import 'reflect-metadata';
import Redis from 'ioredis';
import { seed } from '../../seeds/seed';
import { connect } from '../../src/database/connect';
import { TEST_DATABASE_URL } from './env';

const TEST_QUEUE_PREFIX = 'line-tracker-test';

/**
 * Once per run: the test database exists, is migrated, is emptied of what earlier runs left
 * (so runs do not slow down as it grows, and no test meets another run's data), and holds the
 * seed data; the test queues in Redis are emptied too.
 */
export default async function globalSetup(): Promise<void> {
  const dataSource = await connect(TEST_DATABASE_URL, 'line-tracker-test-setup');
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`TRUNCATE line_services, access_tokens, audit_log, events, webhook_subscriptions RESTART IDENTITY CASCADE`);
    await seed(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await clearQueues(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', process.env.QUEUE_PREFIX ?? TEST_QUEUE_PREFIX);
}

/** Deletes this test run's BullMQ keys (its own prefix only). */
async function clearQueues(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
