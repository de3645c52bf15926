import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API shows times to the millisecond (ISO 8601 from JavaScript dates). A service's
 * updated_at kept to the microsecond made `modifiedAfter=<the updatedAt a client saw>`
 * return that same service again; stored to the millisecond, what is shown is what is kept.
 */
export class MillisecondTimestamps1764000000000 implements MigrationInterface {
  name = 'MillisecondTimestamps1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE line_services ALTER COLUMN created_at TYPE timestamptz(3), ALTER COLUMN updated_at TYPE timestamptz(3)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE line_services ALTER COLUMN created_at TYPE timestamptz, ALTER COLUMN updated_at TYPE timestamptz`);
  }
}
