import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AccessToken } from '../access/access-token.entity';
import { LocalGovernment } from '../local-governments/local-government.entity';
import { QueryLogger } from './query-logger';

/**
 * The entities TypeORM maps: only those the code uses through TypeORM (access tokens) or as
 * row types (local governments). Every other table is read and written in SQL by its
 * repository. test/entities.e2e-spec.ts checks each entity against the migrated schema.
 */
export const ENTITIES = [LocalGovernment, AccessToken];

/** One definition for the app, the CLIs and the tests. The schema changes only through migrations. */
export function dataSourceOptions(databaseUrl: string, overrides: { poolSize?: number; applicationName?: string } = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Through the process's logger, never with the statement's parameters (they carry user data).
    logger: new QueryLogger(),
    poolSize: overrides.poolSize ?? 10,
    applicationName: overrides.applicationName ?? 'line-tracker',
    // JIT compilation costs more than it saves on these queries: the sweep at national scale
    // took 2.7 s with it and 1.3 s without (measured with EXPLAIN ANALYZE on the bench data).
    extra: { connectionTimeoutMillis: 5000, statement_timeout: 30000, options: '-c jit=off' },
  };
}
