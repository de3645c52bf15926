import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { seed } from '../seeds/seed';
import { connect } from '../src/database/connect';
import { TEST_DATABASE_URL } from './support/env';

// A scratch database of this suite's own, named after the test database (line_tracker_test_migrations),
// so that runs on two test databases keep apart: created here, migrated up and down, dropped here.
const SCRATCH_NAME = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_migrations`;
const SCRATCH = TEST_DATABASE_URL.replace(/\/[^/]+$/, `/${SCRATCH_NAME}`);

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: TEST_DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('migrations and seed', () => {
  let db: DataSource;

  beforeAll(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${SCRATCH_NAME}"`);
    db = await connect(SCRATCH, 'line-tracker-test-migrations');
  });

  afterAll(async () => {
    await db.destroy();
    await adminQuery(`DROP DATABASE IF EXISTS "${SCRATCH_NAME}"`);
  });

  const userTables = async () =>
    (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations' ORDER BY 1`)).map(
      (r: { tablename: string }) => r.tablename,
    );

  it('run on an empty database, revert cleanly, and run again', async () => {
    const applied = await db.runMigrations({ transaction: 'each' });
    expect(applied.length).toBeGreaterThan(0);
    expect(await userTables()).toEqual(expect.arrayContaining(['line_services', 'status_changes', 'fallback_channels', 'local_governments', 'audit_log']));
    for (let i = 0; i < applied.length; i++) await db.undoLastMigration({ transaction: 'each' });
    expect(await userTables()).toEqual([]);
    await db.runMigrations({ transaction: 'each' });
    expect(await db.showMigrations()).toBe(false);
  });

  it('seeds, and a second seed changes nothing', async () => {
    const first = await seed(db);
    expect(first).toEqual(expect.objectContaining({ localGovernments: 1959, servicesAlreadyThere: 0 }));
    const snapshot = async () => {
      const [row] = await db.query(`
        SELECT (SELECT count(*) FROM local_governments)::int AS lgs,
               (SELECT count(*) FROM line_services)::int AS services,
               (SELECT count(*) FROM status_changes)::int AS changes,
               (SELECT count(*) FROM fallback_channels)::int AS channels,
               (SELECT md5(string_agg(id::text || current_status || version, ',' ORDER BY id)) FROM line_services) AS services_hash,
               (SELECT max(xmin::text::bigint) FROM local_governments) AS lg_xmin`);
      return row;
    };
    const before = await snapshot();
    const second = await seed(db);
    expect(second.servicesCreated).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(before.lgs).toBe(1959);
    const kinds = await db.query(`SELECT kind, count(*)::int AS n FROM local_governments GROUP BY kind ORDER BY kind`);
    expect(Object.fromEntries(kinds.map((k: { kind: string; n: number }) => [k.kind, k.n]))).toEqual({
      prefecture: 47,
      city: 792,
      town: 743,
      village: 183,
      ward: 23,
      designated_city_ward: 171,
    });
    const [{ orphans }] = await db.query(`SELECT count(*)::int AS orphans FROM local_governments WHERE kind = 'designated_city_ward' AND parent_code IS NULL`);
    expect(orphans).toBe(0);
  });
});
