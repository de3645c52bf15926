import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { VerificationMethod } from './vocabulary';

export interface VerificationRow {
  id: string;
  service_id: string;
  method: VerificationMethod;
  source_url: string | null;
  note: string | null;
  verified_at: Date;
  verified_by: string;
  recorded_at: Date;
  /** Keyset: verified_at as text. */
  verified_key: string;
}

export interface NewVerification {
  serviceId: string;
  method: VerificationMethod;
  sourceUrl: string | null;
  note: string | null;
  verifiedBy: string;
  verifiedByTokenId: string;
}

const COLUMNS = `id::text, service_id, method, source_url, note, verified_at, verified_by, recorded_at, verified_at::text AS verified_key`;

/** The service_verifications table, and the latest verification kept on the service row. */
@Injectable()
export class VerificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a verification at the database clock (to the millisecond, as the API shows
   * times) and makes it the service's latest, without touching version or updated_at: a
   * verification is not an edit. The caller holds the service's row lock.
   */
  async insert(manager: EntityManager, v: NewVerification): Promise<VerificationRow> {
    const [row]: VerificationRow[] = await manager.query(
      `WITH inserted AS (
         INSERT INTO service_verifications (service_id, method, source_url, note, verified_at, verified_by, verified_by_token_id)
         VALUES ($1, $2, $3, $4, date_trunc('milliseconds', now()), $5, $6)
         RETURNING *
       ),
       latest AS (
         UPDATE line_services s SET last_verified_at = i.verified_at, last_verified_by = i.verified_by
           FROM inserted i
          WHERE s.id = i.service_id AND (s.last_verified_at IS NULL OR s.last_verified_at <= i.verified_at)
       )
       SELECT ${COLUMNS} FROM inserted`,
      [v.serviceId, v.method, v.sourceUrl, v.note, v.verifiedBy, v.verifiedByTokenId],
    );
    return row;
  }

  /** The service's latest verification as kept on its row (what the audit entry's `before` shows). */
  async latestOf(manager: EntityManager, serviceId: string): Promise<{ last_verified_at: Date | null; last_verified_by: string | null }> {
    const [row] = await manager.query(`SELECT last_verified_at, last_verified_by FROM line_services WHERE id = $1`, [serviceId]);
    return row;
  }

  /** Newest first; `after`: the verified_at text and id of the last row seen. */
  list(serviceId: string, limit: number, after?: (string | number)[]): Promise<VerificationRow[]> {
    const params: unknown[] = [serviceId, limit];
    const keyset = after ? `AND (verified_at, id) < ($3::timestamptz, $4::bigint)` : '';
    if (after) params.push(...after);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM service_verifications WHERE service_id = $1 ${keyset} ORDER BY verified_at DESC, id DESC LIMIT $2`,
      params,
    );
  }
}
