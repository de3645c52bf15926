import { Client } from 'pg';
import { TEST_DATABASE_URL } from '../env';

/**
 * Made by the global set-up from the migrated and seeded test database, once per run, and
 * named after it (line_tracker_test_template), so runs on two test databases keep apart.
 */
export const TEMPLATE_DATABASE = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_template`;

export interface OwnDatabase {
  name: string;
  url: string;
  /** Drops this database (and only this one: the one this object created). */
  drop(): Promise<void>;
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const admin = new URL(TEST_DATABASE_URL);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of the test's own on the machine's PostgreSQL, copied from the template (so
 * migrated and seeded like line_tracker_test), for a suite whose outbox no other suite's
 * worker may touch (every worker's relay scans the whole outbox of its database). Dropped
 * by the suite that made it.
 */
export async function createOwnDatabase(tag: string): Promise<OwnDatabase> {
  const name = `line_tracker_faults_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  await withAdmin(async (client) => {
    // Two suites copying the template at the same moment: PostgreSQL refuses the second
    // while the first holds the template ("being accessed by other users"), so it waits.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`);
        return;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  });
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(async (client) => void (await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
  };
}
