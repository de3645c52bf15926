import 'reflect-metadata';
import { seed } from '../../seeds/seed';
import { connect } from '../../src/database/connect';
import { TEST_DATABASE_URL } from './env';

/** Once per run: the test database exists, is migrated and holds the seed data. */
export default async function globalSetup(): Promise<void> {
  const dataSource = await connect(TEST_DATABASE_URL, 'line-tracker-test-setup');
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seed(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
