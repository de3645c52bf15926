import 'reflect-metadata';
import Redis from 'ioredis';
import { Client } from 'pg';
import { seed } from '../../seeds/seed';
import { connect } from '../../src/database/connect';
import { TEST_DATABASE_URL } from './env';
import { TEMPLATE_DATABASE } from './faults/own-database';

const TEST_QUEUE_PREFIX = 'line-tracker-test';
/** Set once the set-up has run in this Jest process: the e2e and faults projects share it. */
const DONE = 'LINE_TRACKER_TEST_SETUP_DONE';

/**
 * Once per run, for the projects that talk to PostgreSQL and Redis (e2e and faults; the unit
 * project has no global set-up): the test database exists, is migrated, is emptied of what
 * earlier runs left (so runs do not slow down as it grows, and no test meets another run's
 * data), and holds the seed data; the fault suites' template database is copied from it;
 * the test queues in Redis are emptied.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[DONE]) return;
  const dataSource = await connect(TEST_DATABASE_URL, 'line-tracker-test-setup');
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query(`TRUNCATE line_services, organizations, organization_coverage, report_counts, access_tokens, audit_log, events, webhook_subscriptions RESTART IDENTITY CASCADE`);
    await seed(dataSource);
  } finally {
    await dataSource.destroy();
  }
  await copyTemplate();
  await clearQueues(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', process.env.QUEUE_PREFIX ?? TEST_QUEUE_PREFIX);
  process.env[DONE] = '1';
}

/**
 * The fault suites each work in a database of their own, created from this template (a
 * file copy) instead of being migrated and seeded one by one. It is made anew each run from
 * the freshly seeded test database, so it always has the current migrations.
 */
async function copyTemplate(): Promise<void> {
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const source = new URL(TEST_DATABASE_URL).pathname.slice(1);
    await client.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DATABASE}" TEMPLATE "${source}"`);
  } finally {
    await client.end();
  }
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
