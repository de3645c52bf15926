import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the availability index of every API instance needs to stay exact: a change counter
 * that every write to what an answer shows bumps in its own transaction, and the services
 * each value touched.
 *
 * Not a sequence: a reader can see a sequence's value before the writer commits, and would
 * skip that write for good. The counter is a row, bumped by a deferred (commit-time)
 * trigger once per writing transaction: writers take its lock last, just before they
 * commit, so it orders commits without holding anything else, and a reader that sees value
 * n sees every write up to n.
 *
 * Set-based: statement-level triggers add the services a statement touched to
 * `availability_changes` under the transaction's id (one INSERT … SELECT per statement,
 * however many rows), and the first of them in a transaction adds its row to
 * `availability_commits`, whose deferred trigger gives it its counter value at commit. The
 * nil uuid means everything (a local government or national body changed, or a table was
 * truncated). Rows older than a day are pruned; `pruned_through` tells an instance further
 * behind than that to rebuild whole.
 */
export class AvailabilityChangeLog1764400000000 implements MigrationInterface {
  name = 'AvailabilityChangeLog1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE availability_counter (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        value bigint NOT NULL DEFAULT 0,
        pruned_through bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`INSERT INTO availability_counter DEFAULT VALUES`);
    await q.query(`
      CREATE TABLE availability_commits (
        xid xid8 PRIMARY KEY,
        counter bigint UNIQUE,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE availability_changes (
        xid xid8 NOT NULL,
        service_id uuid NOT NULL,
        PRIMARY KEY (xid, service_id)
      )`);
    // The transaction's commit row, once: the transaction-local setting says it is there
    // (and is rolled back with a savepoint, like the row).
    await q.query(`
      CREATE FUNCTION availability_changed(services uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF cardinality(services) = 0 THEN RETURN; END IF;
        IF current_setting('line_tracker.availability_commit', true) IS DISTINCT FROM 'yes' THEN
          INSERT INTO availability_commits (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING;
          PERFORM set_config('line_tracker.availability_commit', 'yes', true);
        END IF;
        INSERT INTO availability_changes (xid, service_id)
        SELECT pg_current_xact_id(), s FROM unnest(services) s ON CONFLICT DO NOTHING;
      END $$`);
    await q.query(`
      CREATE FUNCTION availability_commit_numbered() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        taken bigint;
      BEGIN
        UPDATE availability_counter SET value = value + 1 RETURNING value INTO taken;
        UPDATE availability_commits SET counter = taken WHERE xid = NEW.xid;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER availability_commit_numbered AFTER INSERT ON availability_commits
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION availability_commit_numbered()`);

    // One function per shape of statement: which services its rows are about.
    const fn = (name: string, services: string) =>
      q.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM availability_changed(ARRAY(${services}));
          RETURN NULL;
        END $$`);
    await fn('availability_services_inserted', 'SELECT DISTINCT id FROM new_rows');
    await fn('availability_services_deleted', 'SELECT DISTINCT id FROM old_rows');
    // current_status and the timestamps are the engine's and the writers' bookkeeping: not shown.
    await fn('availability_services_updated', `SELECT DISTINCT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.name, o.department, o.category, o.audiences, o.life_critical, o.url, o.line_hours, o.local_government_code, o.national_body_code, o.prefecture_code)
             IS DISTINCT FROM
             (n.name, n.department, n.category, n.audiences, n.life_critical, n.url, n.line_hours, n.local_government_code, n.national_body_code, n.prefecture_code)`);
    await fn('availability_children_inserted', 'SELECT DISTINCT service_id FROM new_rows');
    await fn('availability_children_deleted', 'SELECT DISTINCT service_id FROM old_rows');
    await fn('availability_children_updated', 'SELECT service_id FROM new_rows UNION SELECT service_id FROM old_rows');
    const EVERYTHING = `'00000000-0000-0000-0000-000000000000'::uuid`;
    await fn('availability_everything_changed', `SELECT ${EVERYTHING}`);
    // A statement on the registry that changed no row (a seed run again) changes nothing.
    await fn('availability_registry_inserted', `SELECT ${EVERYTHING} FROM new_rows LIMIT 1`);
    await fn('availability_registry_deleted', `SELECT ${EVERYTHING} FROM old_rows LIMIT 1`);
    await fn('availability_registry_updated', `SELECT ${EVERYTHING} FROM new_rows n JOIN old_rows o ON o.code = n.code WHERE n IS DISTINCT FROM o LIMIT 1`);

    const statement = (name: string, event: 'INSERT' | 'UPDATE' | 'DELETE', table: string, fnName: string) => {
      const transition = { INSERT: 'NEW TABLE AS new_rows', UPDATE: 'NEW TABLE AS new_rows OLD TABLE AS old_rows', DELETE: 'OLD TABLE AS old_rows' }[event];
      return q.query(`CREATE TRIGGER ${name} AFTER ${event} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fnName}()`);
    };
    for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
      const verb = event.toLowerCase().replace(/e?$/, 'ed');
      await statement(`availability_services_${verb}`, event, 'line_services', `availability_services_${verb}`);
      await statement(`availability_status_changes_${verb}`, event, 'status_changes', `availability_children_${verb}`);
      await statement(`availability_channels_${verb}`, event, 'fallback_channels', `availability_children_${verb}`);
      for (const table of ['local_governments', 'national_bodies']) await statement(`availability_${table}_${verb}`, event, table, `availability_registry_${verb}`);
    }
    // TRUNCATE fires no row and no INSERT/UPDATE/DELETE trigger.
    for (const table of ['line_services', 'local_governments', 'national_bodies']) {
      await q.query(`CREATE TRIGGER availability_${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION availability_everything_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['national_bodies', 'local_governments', 'line_services']) await q.query(`DROP TRIGGER availability_${table}_truncated ON ${table}`);
    for (const verb of ['inserted', 'updated', 'deleted']) {
      for (const table of ['national_bodies', 'local_governments']) await q.query(`DROP TRIGGER availability_${table}_${verb} ON ${table}`);
      await q.query(`DROP FUNCTION availability_registry_${verb}()`);
      await q.query(`DROP TRIGGER availability_channels_${verb} ON fallback_channels`);
      await q.query(`DROP TRIGGER availability_status_changes_${verb} ON status_changes`);
      await q.query(`DROP TRIGGER availability_services_${verb} ON line_services`);
      await q.query(`DROP FUNCTION availability_children_${verb}()`);
      await q.query(`DROP FUNCTION availability_services_${verb}()`);
    }
    await q.query(`DROP FUNCTION availability_everything_changed()`);
    await q.query(`DROP TRIGGER availability_commit_numbered ON availability_commits`);
    await q.query(`DROP FUNCTION availability_commit_numbered()`);
    await q.query(`DROP FUNCTION availability_changed(uuid[])`);
    await q.query(`DROP TABLE availability_changes`);
    await q.query(`DROP TABLE availability_commits`);
    await q.query(`DROP TABLE availability_counter`);
  }
}
