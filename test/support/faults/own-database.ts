import { Client } from 'pg';
import { seed } from '../../../seeds/seed';
import { connect } from '../../../src/database/connect';
import { TEST_DATABASE_URL } from '../env';

export interface OwnDatabase {
  name: string;
  url: string;
  /** Drops this database (and only this one: the one this object created). */
  drop(): Promise<void>;
}

/**
 * A database of the test's own on the machine's PostgreSQL, migrated and seeded like
 * line_tracker_test, for a suite whose outbox no other suite's worker may touch (every
 * worker's relay scans the whole outbox of its database). Dropped by the suite that made it.
 */
export async function createOwnDatabase(tag: string): Promise<OwnDatabase> {
  const name = `line_tracker_faults_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const dataSource = await connect(url.toString(), 'line-tracker-test-setup');
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seed(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const admin = new URL(TEST_DATABASE_URL);
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
