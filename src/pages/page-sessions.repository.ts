import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/query';

/** A live session, with its token's name (who is signed in). */
export interface PageSessionRow {
  token_id: string;
  token_name: string;
  role: 'ministry' | 'prefecture';
  scope: string | null;
  csrf_secret: string;
  expires_at: Date;
}

/** The page_sessions table: sessions of the signed-in pages, stored by the SHA-256 of their id. */
@Injectable()
export class PageSessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(session: { sessionHash: string; tokenId: string; role: 'ministry' | 'prefecture'; scope: string | null; csrfSecret: string; ttlSeconds: number }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO page_sessions (session_hash, token_id, role, scope, csrf_secret, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [session.sessionHash, session.tokenId, session.role, session.scope, session.csrfSecret, session.ttlSeconds],
    );
  }

  /**
   * The live session with that hash, its token still live (a revoked or expired token ends
   * its sessions), marked as seen now; null otherwise. One statement.
   */
  async touch(sessionHash: string): Promise<PageSessionRow | null> {
    const [row] = await updateReturning<PageSessionRow>(
      this.dataSource,
      `UPDATE page_sessions ps SET last_seen_at = now()
         FROM access_tokens t
        WHERE ps.session_hash = $1 AND ps.expires_at > now() AND t.id = ps.token_id AND t.revoked_at IS NULL
          AND (t.expires_at IS NULL OR t.expires_at > now())
        RETURNING ps.token_id, t.name AS token_name, ps.role, ps.scope, ps.csrf_secret, ps.expires_at`,
      [sessionHash],
    );
    return row ?? null;
  }

  async delete(sessionHash: string): Promise<boolean> {
    const rows = await updateReturning(this.dataSource, `DELETE FROM page_sessions WHERE session_hash = $1 RETURNING token_id`, [sessionHash]);
    return rows.length > 0;
  }

  /** Deletes, in one statement, every session that can no longer admit anyone: expired, or of a revoked or expired token. */
  async deleteDead(): Promise<number> {
    const rows = await updateReturning(
      this.dataSource,
      `DELETE FROM page_sessions ps
        WHERE ps.expires_at <= now()
           OR EXISTS (SELECT 1 FROM access_tokens t WHERE t.id = ps.token_id AND (t.revoked_at IS NOT NULL OR t.expires_at <= now()))
        RETURNING ps.token_id`,
      [],
    );
    return rows.length;
  }
}
