import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hours of LINE windows and channels as minutes of the week, computed once when written
 * instead of on every sweep: hours_multirange() over 350,000 rows took most of a sweep's
 * 25 seconds at national scale.
 */
export class StoredWeekRanges1764200000000 implements MigrationInterface {
  name = 'StoredWeekRanges1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE line_services ADD COLUMN line_hours_week int4multirange GENERATED ALWAYS AS (hours_multirange(line_hours)) STORED`);
    await q.query(`ALTER TABLE fallback_channels ADD COLUMN hours_week int4multirange GENERATED ALWAYS AS (hours_multirange(hours)) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE fallback_channels DROP COLUMN hours_week`);
    await q.query(`ALTER TABLE line_services DROP COLUMN line_hours_week`);
  }
}
