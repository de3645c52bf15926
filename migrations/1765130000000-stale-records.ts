import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS_BEFORE = ['no_alternative', 'impending_no_alternative', 'contact_unknown', 'hours_not_covered'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * stale_record findings (issue 14), and what the worker needs to find the instants a finding
 * comes due with time rather than with a write (deadlines.repository.ts): when a record
 * becomes stale (its last verification, or its creation, plus the policy's days) and when a
 * transition's switch day begins. Both are looked up every 30 s for the next minutes, so by
 * an index, not a scan of every service.
 */
export class StaleRecords1765130000000 implements MigrationInterface {
  name = 'StaleRecords1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE findings DROP CONSTRAINT findings_kind_check`);
    await q.query(`ALTER TABLE findings ADD CONSTRAINT findings_kind_check CHECK (kind IN (${list([...KINDS_BEFORE, 'stale_record'])}))`);
    await q.query(`CREATE INDEX line_services_verified_since ON line_services ((coalesce(last_verified_at, created_at)))`);
    await q.query(`CREATE INDEX line_services_transition_switch ON line_services (transition_switch_on) WHERE transition_switch_on IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX line_services_transition_switch`);
    await q.query(`DROP INDEX line_services_verified_since`);
    await q.query(`DELETE FROM findings WHERE kind = 'stale_record'`);
    await q.query(`ALTER TABLE findings DROP CONSTRAINT findings_kind_check`);
    await q.query(`ALTER TABLE findings ADD CONSTRAINT findings_kind_check CHECK (kind IN (${list(KINDS_BEFORE)}))`);
  }
}
