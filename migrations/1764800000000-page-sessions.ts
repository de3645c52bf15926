import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The signed-in pages' sessions: a person pastes a token once and gets a cookie holding a
 * random session id; only its SHA-256 is stored, with the token it stands for (re-checked
 * on every request, so revoking the token ends its sessions), the role and scope, the
 * session's CSRF secret and its fixed expiry. Expired rows are deleted set-based.
 */
export class PageSessions1764800000000 implements MigrationInterface {
  name = 'PageSessions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE page_sessions (
        session_hash  char(64) PRIMARY KEY CHECK (session_hash ~ '^[0-9a-f]{64}$'),
        token_id      uuid NOT NULL REFERENCES access_tokens (id) ON DELETE CASCADE,
        role          text NOT NULL CHECK (role IN ('ministry', 'prefecture')),
        scope         text,
        csrf_secret   text NOT NULL CHECK (length(csrf_secret) >= 43),
        created_at    timestamptz NOT NULL DEFAULT now(),
        expires_at    timestamptz NOT NULL,
        last_seen_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'prefecture') = (scope IS NOT NULL)),
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX page_sessions_expires ON page_sessions (expires_at)`);
    await q.query(`CREATE INDEX page_sessions_token ON page_sessions (token_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE page_sessions`);
  }
}
