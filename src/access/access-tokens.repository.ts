import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { updateReturning } from '../database/query';
import { AccessToken, Role } from './access-token.entity';

/** The access_tokens table. Tokens are stored as their SHA-256 only. */
@Injectable()
export class AccessTokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByHash(tokenHash: string): Promise<AccessToken | null> {
    return this.dataSource.getRepository(AccessToken).findOneBy({ tokenHash });
  }

  insert(token: { name: string; role: Role; scope: string | null; tokenHash: string; expiresAt: Date | null }): Promise<AccessToken> {
    return this.dataSource.getRepository(AccessToken).save(token);
  }

  /** Every token, oldest first, without its hash. */
  list(): Promise<AccessToken[]> {
    return this.dataSource.getRepository(AccessToken).find({
      select: { id: true, name: true, role: true, scope: true, createdAt: true, expiresAt: true, lastUsedAt: true, revokedAt: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * Records a use, unless one was recorded in the last minute (by any instance): the
   * condition makes the other instances' calls within the minute change nothing.
   */
  async noteUse(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE access_tokens SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }

  /** Revokes every live token whose name starts with `prefix` (the demo's own). */
  async revokeNamedWith(prefix: string): Promise<number> {
    const rows = await updateReturning(this.dataSource, `UPDATE access_tokens SET revoked_at = now() WHERE starts_with(name, $1) AND revoked_at IS NULL RETURNING id`, [prefix]);
    return rows.length;
  }

  /** Returns false when there was no live token with that id. */
  async revoke(id: string): Promise<boolean> {
    const rows = await updateReturning(this.dataSource, `UPDATE access_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [id]);
    return rows.length > 0;
  }
}
