import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the availability index of every API instance needs to stay exact: a change counter
 * that every write to what an answer shows bumps in its own transaction, and the services
 * each bump touched.
 *
 * Not a sequence: a reader can see a sequence's value before the writer commits, and would
 * skip that write for good. The counter is a row, updated by deferred (commit-time)
 * triggers once per transaction: writers take its lock last, just before they commit, so it
 * orders commits without holding anything else, and a reader that sees value n sees every
 * write up to n. `availability_changes` says which services each value touched (the nil
 * uuid: a local government or national body changed, so everything is read again); rows
 * older than a day are pruned, and `pruned_through` tells an instance further behind than
 * that to rebuild whole.
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
      CREATE TABLE availability_changes (
        counter bigint NOT NULL,
        service_id uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (counter, service_id)
      )`);
    await q.query(`CREATE INDEX availability_changes_recorded ON availability_changes (recorded_at)`);
    // Once per transaction: the transaction-local setting holds the value it took (and is
    // rolled back with a savepoint, like the update).
    await q.query(`
      CREATE FUNCTION availability_changed(service uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        taken bigint := nullif(current_setting('line_tracker.availability_counter', true), '')::bigint;
      BEGIN
        IF taken IS NULL THEN
          UPDATE availability_counter SET value = value + 1 RETURNING value INTO taken;
          PERFORM set_config('line_tracker.availability_counter', taken::text, true);
        END IF;
        INSERT INTO availability_changes (counter, service_id) VALUES (taken, service) ON CONFLICT DO NOTHING;
      END $$`);
    await q.query(`
      CREATE FUNCTION availability_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN PERFORM availability_changed(OLD.id); ELSE PERFORM availability_changed(NEW.id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION availability_child_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM availability_changed(OLD.service_id); END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.service_id <> OLD.service_id) THEN PERFORM availability_changed(NEW.service_id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION availability_everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM availability_changed('00000000-0000-0000-0000-000000000000');
        RETURN NULL;
      END $$`);
    const deferred = (name: string, events: string, table: string, fn: string, when = '') =>
      q.query(`CREATE CONSTRAINT TRIGGER ${name} AFTER ${events} ON ${table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW ${when} EXECUTE FUNCTION ${fn}()`);
    await deferred('availability_service_written', 'INSERT OR DELETE', 'line_services', 'availability_service_changed');
    // current_status and the timestamps are the engine's and the writers' bookkeeping: not shown.
    await deferred('availability_service_updated', 'UPDATE', 'line_services', 'availability_service_changed', `WHEN (
      (OLD.name, OLD.department, OLD.category, OLD.audiences, OLD.life_critical, OLD.url, OLD.line_hours, OLD.local_government_code, OLD.national_body_code, OLD.prefecture_code)
      IS DISTINCT FROM
      (NEW.name, NEW.department, NEW.category, NEW.audiences, NEW.life_critical, NEW.url, NEW.line_hours, NEW.local_government_code, NEW.national_body_code, NEW.prefecture_code))`);
    await deferred('availability_status_change_written', 'INSERT OR UPDATE OR DELETE', 'status_changes', 'availability_child_changed');
    await deferred('availability_channel_written', 'INSERT OR UPDATE OR DELETE', 'fallback_channels', 'availability_child_changed');
    for (const table of ['local_governments', 'national_bodies']) {
      await deferred(`availability_${table}_written`, 'INSERT OR DELETE', table, 'availability_everything_changed');
      await deferred(`availability_${table}_updated`, 'UPDATE', table, 'availability_everything_changed', 'WHEN (OLD.* IS DISTINCT FROM NEW.*)');
    }
    // TRUNCATE fires no row trigger (and a constraint trigger cannot be per statement).
    for (const table of ['line_services', 'local_governments', 'national_bodies']) {
      await q.query(`CREATE TRIGGER availability_${table}_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION availability_everything_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['national_bodies', 'local_governments', 'line_services']) await q.query(`DROP TRIGGER availability_${table}_truncated ON ${table}`);
    for (const table of ['national_bodies', 'local_governments']) {
      await q.query(`DROP TRIGGER availability_${table}_updated ON ${table}`);
      await q.query(`DROP TRIGGER availability_${table}_written ON ${table}`);
    }
    await q.query(`DROP TRIGGER availability_channel_written ON fallback_channels`);
    await q.query(`DROP TRIGGER availability_status_change_written ON status_changes`);
    await q.query(`DROP TRIGGER availability_service_updated ON line_services`);
    await q.query(`DROP TRIGGER availability_service_written ON line_services`);
    await q.query(`DROP FUNCTION availability_everything_changed()`);
    await q.query(`DROP FUNCTION availability_child_changed()`);
    await q.query(`DROP FUNCTION availability_service_changed()`);
    await q.query(`DROP FUNCTION availability_changed(uuid)`);
    await q.query(`DROP TABLE availability_changes`);
    await q.query(`DROP TABLE availability_counter`);
  }
}
