import { DataSource } from 'typeorm';
import { Client } from 'pg';
import { ReportCounts1764500000000 } from '../migrations/1764500000000-report-counts';
import { ReportCountsOrganisations1765120000000 } from '../migrations/1765120000000-report-counts-organisations';
import { ServiceNameEn1764700000000 } from '../migrations/1764700000000-service-name-en';
import { seed } from '../seeds/seed';
import { connect } from '../src/database/connect';
import { gapsEngineOver } from '../src/database/standalone';
import { countColumn, OPERATOR_COUNT_KEYS } from '../src/reports/report-columns';
import { TEST_DATABASE_URL } from './support/env';
import { randomServices } from './support/random-services';

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

  it('backfill report_counts as the continuity engine counts them, one column per figure counted per operator', async () => {
    const seedValue = Number(process.env.AGREEMENT_SEED ?? Date.now() % 100000);
    const operators = await db.query(`
      SELECT code::text, prefecture_code::text FROM local_governments WHERE code IN ('011002', '011011', '010006', '271004', '271021', '131016')
      UNION ALL SELECT code, NULL FROM national_bodies WHERE code IN ('mhlw', 'moj')`);
    await randomServices(db, seedValue, 120, operators);
    // The data-handling facts, varied by the services' ids (as random as they are).
    await db.query(`
      UPDATE line_services
         SET conversation_data_storage = (ARRAY['line_servers', 'operator_system_in_japan', 'overseas', 'unknown'])[1 + abs(hashtext(id::text)::bigint) % 4],
             handles_confidential_data = (ARRAY[true, false, NULL])[1 + abs(hashtext(id::text || 'c')::bigint) % 3]
       WHERE name LIKE 'random service%'`);
    const runner = db.createQueryRunner();
    const counted = async () => db.query(`SELECT * FROM report_counts ORDER BY operator_code`);
    try {
      // 1764500000000 again over the same services, channels and findings (no organisation's service yet: it knows none;
      // the seed's, D×P's 「ユキサキチャット」, is taken away first, and seeded again at the end).
      await db.query(`DELETE FROM line_services WHERE organization_code IS NOT NULL`);
      await db.query(`DELETE FROM report_counts WHERE organization_code IS NOT NULL`);
      await gapsEngineOver(db).sweep();
      const beforeOrganisations = await counted();
      await new ReportCountsOrganisations1765120000000().down(runner);
      await new ReportCounts1764500000000().down(runner);
      await new ReportCounts1764500000000().up(runner);
      await new ReportCountsOrganisations1765120000000().up(runner);
      expect({ seedValue, counts: await counted() }).toEqual({ seedValue, counts: beforeOrganisations });

      // An organisation's services (some of mhlw's, moved to it), and 1765120000000 again.
      await db.query(`INSERT INTO organizations (code, name, legal_form) VALUES ('test_org', 'テスト用の団体', 'certified_npo')`);
      await db.query(`
        UPDATE line_services SET national_body_code = NULL, organization_code = 'test_org'
         WHERE national_body_code = 'mhlw' AND name LIKE 'random service%' AND abs(hashtext(id::text)::bigint) % 2 = 0`);
      await gapsEngineOver(db).sweep();
      const byEngine = await counted();
      expect(byEngine.length).toBeGreaterThanOrEqual(operators.length + 1);
      expect(byEngine.find((row: { operator_code: string }) => row.operator_code === 'test_org')).toEqual(
        expect.objectContaining({ organization_code: 'test_org', local_government_code: null, national_body_code: null, prefecture_code: null }),
      );
      await new ReportCountsOrganisations1765120000000().down(runner);
      expect((await counted()).map((row: { operator_code: string }) => row.operator_code)).not.toContain('test_org');
      await new ReportCountsOrganisations1765120000000().up(runner);
      expect({ seedValue, counts: await counted() }).toEqual({ seedValue, counts: byEngine });
    } finally {
      await runner.release();
    }

    const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'report_counts' ORDER BY ordinal_position`);
    expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual([
      'local_government_code',
      'national_body_code',
      'organization_code',
      'operator_code',
      'prefecture_code',
      ...OPERATOR_COUNT_KEYS.map(countColumn),
    ]);
    // The seeded database the next test expects, D×P's service again.
    expect((await seed(db)).servicesCreated).toBe(1);
  });

  it('revert name_en on a seeded database keeping every service, and the seed gives the English names back after it runs again', async () => {
    const names = async () => db.query(`SELECT id, name FROM line_services ORDER BY id`);
    const before = await names();
    const withNameEn = async () => (await db.query(`SELECT count(*)::int AS n FROM line_services WHERE name_en IS NOT NULL`))[0].n;
    const seeded: number = await withNameEn();
    expect(seeded).toBeGreaterThan(0);
    const runner = db.createQueryRunner();
    try {
      await new ServiceNameEn1764700000000().down(runner);
      const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'line_services' AND column_name = 'name_en'`);
      expect(columns).toEqual([]);
      expect(await names()).toEqual(before);
      await new ServiceNameEn1764700000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await withNameEn()).toBe(0);
    const again = await seed(db);
    expect(again.servicesUpdated).toBe(seeded);
    expect(await withNameEn()).toBe(seeded);
    expect(await names()).toEqual(before);
  });
});
