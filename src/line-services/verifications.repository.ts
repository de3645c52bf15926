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

/** A verification to record, by whoever records the batch. */
export interface VerificationInput {
  serviceId: string;
  method: VerificationMethod;
  sourceUrl: string | null;
  note: string | null;
  /** When it was confirmed (an instant; text is kept to the microsecond); null: now (the database clock, to the millisecond, as the API shows times). */
  verifiedAt: Date | string | null;
}

/** Who records: the token's name and id. */
export interface Verifier {
  name: string;
  tokenId: string;
}

/** The columns of a VerificationRow, of the relation named `v`. */
const COLUMNS = `v.id::text, v.service_id, v.method, v.source_url, v.note, v.verified_at, v.verified_by, v.recorded_at, v.verified_at::text AS verified_key`;

/** The service_verifications table, and the latest verification kept on the service row. */
@Injectable()
export class VerificationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Records a verification at the database clock and makes it the service's latest (see
   * record). The caller holds the service's row lock.
   */
  async insert(manager: EntityManager, v: NewVerification): Promise<VerificationRow> {
    const [row] = await this.record(manager, { name: v.verifiedBy, tokenId: v.verifiedByTokenId }, [{ ...v, verifiedAt: null }]);
    return row;
  }

  /**
   * Records verifications, many at once (an import's), in one statement: the one definition
   * of recording a verification, for the endpoint and the import. Each service's row keeps
   * its latest verification — the first that GET …/verifications lists (verified_at, then the
   * one recorded last) — so last_verified_at/by move only to a verification that is not
   * earlier than the one they hold: an office backfilling an older confirmation adds it to
   * the history and leaves the latest. Neither version nor updated_at moves here: a
   * verification is not an edit. The caller moves the version (the answer's ETag:
   * lastVerifiedAt may have changed): LineServicesRepository.bumpVersionOnly or
   * bumpVersionsOnly, or an edit's bump when the same write edits too.
   *
   * The inputs must be distinct verifications (service, instant, method, source); the
   * caller holds the services' row locks. Returns the recorded rows in the inputs' order.
   */
  async record(manager: EntityManager, verifier: Verifier, inputs: VerificationInput[]): Promise<VerificationRow[]> {
    if (inputs.length === 0) return [];
    const rows: (VerificationRow & { position: string })[] = await manager.query(
      `WITH input AS (
         SELECT u.position, u.service_id, u.method, u.source_url, u.note, coalesce(u.verified_at, date_trunc('milliseconds', now())) AS verified_at
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS u (service_id, method, source_url, note, verified_at, position)
       ), inserted AS (
         INSERT INTO service_verifications (service_id, method, source_url, note, verified_at, verified_by, verified_by_token_id)
         SELECT service_id, method, source_url, note, verified_at, $6, $7 FROM input ORDER BY position
         RETURNING *
       ), latest AS (
         SELECT DISTINCT ON (service_id) service_id, verified_at, verified_by FROM inserted ORDER BY service_id, verified_at DESC, id DESC
       ), moved AS (
         UPDATE line_services s SET last_verified_at = l.verified_at, last_verified_by = l.verified_by
           FROM latest l
          WHERE s.id = l.service_id AND (s.last_verified_at IS NULL OR s.last_verified_at <= l.verified_at)
       )
       SELECT i.position, ${COLUMNS}
         FROM inserted v
         JOIN input i ON i.service_id = v.service_id AND i.verified_at = v.verified_at AND i.method = v.method AND i.source_url IS NOT DISTINCT FROM v.source_url
        ORDER BY i.position`,
      [
        inputs.map((i) => i.serviceId),
        inputs.map((i) => i.method),
        inputs.map((i) => i.sourceUrl),
        inputs.map((i) => i.note),
        inputs.map((i) => i.verifiedAt),
        verifier.name,
        verifier.tokenId,
      ],
    );
    if (rows.length !== inputs.length) throw new Error(`recorded ${rows.length} verifications for ${inputs.length} inputs: the inputs were not distinct`);
    return rows.map(({ position: _position, ...row }) => row);
  }

  /** The service's latest verification as kept on its row (what the audit entry's `before` shows). */
  async latestOf(manager: EntityManager, serviceId: string): Promise<{ last_verified_at: Date | null; last_verified_by: string | null }> {
    const [row] = await manager.query(`SELECT last_verified_at, last_verified_by FROM line_services WHERE id = $1`, [serviceId]);
    return row;
  }

  /** Newest first; `after`: the verified_at text and id of the last row seen. */
  list(serviceId: string, limit: number, after?: (string | number)[]): Promise<VerificationRow[]> {
    const params: unknown[] = [serviceId, limit];
    const keyset = after ? `AND (v.verified_at, v.id) < ($3::timestamptz, $4::bigint)` : '';
    if (after) params.push(...after);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM service_verifications v WHERE v.service_id = $1 ${keyset} ORDER BY v.verified_at DESC, v.id DESC LIMIT $2`,
      params,
    );
  }
}
