import { DataSource } from 'typeorm';
import { appConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

/** A DataSource for scripts (CLIs, seeds, test setup): creates the database if missing. */
export async function connect(databaseUrl = appConfig().DATABASE_URL, applicationName = 'line-tracker-cli'): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, { poolSize: 4, applicationName }));
  return dataSource.initialize();
}

/** How many migrations are applied (the CLI's revert --all). */
export async function appliedCount(dataSource: DataSource): Promise<number> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM typeorm_migrations`);
  return count;
}
