import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A channel's validity boundaries are scheduled evaluations, like future-dated status
 * changes (status_changes_effective): the worker looks up those of the next ten minutes
 * and those that passed in the last minute every few seconds, which at national scale
 * (250,000 channels) must not read the whole table.
 */
export class ChannelValidityBounds1764300000000 implements MigrationInterface {
  name = 'ChannelValidityBounds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX fallback_channels_valid_from ON fallback_channels (valid_from) WHERE valid_from IS NOT NULL`);
    await q.query(`CREATE INDEX fallback_channels_valid_until ON fallback_channels (valid_until) WHERE valid_until IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX fallback_channels_valid_until`);
    await q.query(`DROP INDEX fallback_channels_valid_from`);
  }
}
