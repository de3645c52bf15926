import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tokens may expire (`token:create --expires-in 90d`), and each keeps when it was last
 * used: written at most once a minute per token, so a busy token costs no write per request.
 */
export class TokenExpiry1765000000000 implements MigrationInterface {
  name = 'TokenExpiry1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE access_tokens
        ADD COLUMN expires_at   timestamptz,
        ADD COLUMN last_used_at timestamptz,
        ADD CONSTRAINT access_tokens_expires_after_creation CHECK (expires_at > created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_tokens DROP CONSTRAINT access_tokens_expires_after_creation, DROP COLUMN last_used_at, DROP COLUMN expires_at`);
  }
}
