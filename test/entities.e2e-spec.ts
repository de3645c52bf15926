import { DataSource } from 'typeorm';
import { connect } from '../src/database/connect';
import { ENTITIES } from '../src/database/data-source-options';
import { TEST_DATABASE_URL } from './support/env';

/**
 * Every TypeORM entity tells the truth about its table in the migrated schema: the same
 * columns, no more and no fewer, each with the type, length and nullability PostgreSQL has.
 * An entity that drifts from a migration fails here instead of at run time.
 */
interface DbColumn {
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  is_nullable: 'YES' | 'NO';
}

// TypeORM's column types, as information_schema names them.
const TYPE_NAMES: Record<string, string> = {
  char: 'character',
  text: 'text',
  uuid: 'uuid',
  timestamptz: 'timestamp with time zone',
  int: 'integer',
  integer: 'integer',
  boolean: 'boolean',
  jsonb: 'jsonb',
};

describe('entities and the migrated schema', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await connect(TEST_DATABASE_URL, 'line-tracker-test-entities');
  });
  afterAll(() => db.destroy());

  it('maps at least the tables the code reads through TypeORM', () => {
    expect(ENTITIES.map((entity) => db.getMetadata(entity).tableName).sort()).toEqual(['access_tokens', 'local_governments']);
  });

  it.each(ENTITIES.map((entity) => [entity.name, entity] as const))('%s has exactly the columns of its table, with their types and nullability', async (_name, entity) => {
    const metadata = db.getMetadata(entity);
    const columns: DbColumn[] = await db.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
      [metadata.tableName],
    );
    expect(columns.length).toBeGreaterThan(0);
    const fromDatabase = columns.map((c) => ({ name: c.column_name, type: c.data_type, length: c.character_maximum_length, nullable: c.is_nullable === 'YES' }));
    const fromEntity = metadata.columns
      .map((c) => {
        const type = typeof c.type === 'string' ? c.type : String(c.type);
        return { name: c.databaseName, type: TYPE_NAMES[type] ?? `unknown TypeORM type ${type}`, length: c.length ? Number(c.length) : null, nullable: c.isNullable };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(fromEntity).toEqual(fromDatabase);
  });
});
