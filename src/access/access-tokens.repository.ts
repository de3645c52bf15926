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

  insert(token: { name: string; role: Role; scope: string | null; tokenHash: string }): Promise<AccessToken> {
    return this.dataSource.getRepository(AccessToken).save(token);
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
