import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../access/actor';
import type { ChannelRow } from '../line-services/fallback-channels.repository';
import type { StatusChangeRow } from '../line-services/status-changes.repository';
import { insertChannelsSql } from './imports.sql';
import type { ChannelDraft, RowDraft, StatusChangeDraft } from './rows';

/** A service a row names, with what deciding the token's jurisdiction needs. */
export interface ResolvedService {
  id: string;
  operator_code: string;
  name: string;
  local_government_code: string | null;
  national_body_code: string | null;
  parent_code: string | null;
  prefecture_code: string | null;
}

/** A valid row with the service it names. */
export type Resolved<T extends RowDraft> = T & { service: ResolvedService };

/** How a row names its service when it gives no id. */
export interface ServiceName {
  operatorCode: string;
  name: string;
}

/**
 * Every statement of a CSV import. Those that write (and the checks of what is already
 * recorded) run in the import's transaction: they take its EntityManager.
 */
@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The services with these ids, and those with these operators and names, in one query. */
  findServices(ids: string[], names: ServiceName[], manager: EntityManager = this.dataSource.manager): Promise<ResolvedService[]> {
    return manager.query(
      `SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, lg.parent_code, s.prefecture_code
         FROM line_services s LEFT JOIN local_governments lg ON lg.code = s.local_government_code
        WHERE s.id = ANY ($1::uuid[])
       UNION
       SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, lg.parent_code, s.prefecture_code
         FROM unnest($2::text[], $3::text[]) AS wanted (operator_code, name)
         JOIN line_services s ON s.operator_code = wanted.operator_code AND s.name = wanted.name
         LEFT JOIN local_governments lg ON lg.code = s.local_government_code`,
      [ids, names.map((n) => n.operatorCode), names.map((n) => n.name)],
    );
  }

  /** Rows whose service already has a non-withdrawn change with the same status, effective time and reason. */
  async recordedStatusChanges(manager: EntityManager, rows: Resolved<StatusChangeDraft>[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const found: { row: number }[] = await manager.query(
      `SELECT u.n AS "row" FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[]) AS u (n, service_id, status, effective_at, reason)
        WHERE EXISTS (SELECT 1 FROM status_changes sc
                       WHERE sc.service_id = u.service_id AND sc.withdrawn_at IS NULL AND sc.status = u.status
                         AND sc.effective_at = u.effective_at AND sc.reason IS NOT DISTINCT FROM u.reason)`,
      [rows.map((r) => r.row), rows.map((r) => r.service.id), rows.map((r) => r.status), rows.map((r) => r.effectiveAt), rows.map((r) => r.reason)],
    );
    return found.map((f) => f.row);
  }

  /**
   * Rows whose service already has a channel of the same kind, label and contact that is
   * not retired, or one with the very same validity (a past channel imported before).
   */
  async recordedChannels(manager: EntityManager, rows: Resolved<ChannelDraft>[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const found: { row: number }[] = await manager.query(
      `SELECT u.n AS "row"
         FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
              AS u (n, service_id, kind, label, contact, valid_from, valid_until)
        WHERE EXISTS (SELECT 1 FROM fallback_channels c
                       WHERE c.service_id = u.service_id AND c.kind = u.kind AND c.label = u.label AND c.contact = u.contact
                         AND ((c.valid_until IS NULL OR c.valid_until > now())
                              OR (c.valid_from IS NOT DISTINCT FROM u.valid_from AND c.valid_until IS NOT DISTINCT FROM u.valid_until)))`,
      [
        rows.map((r) => r.row),
        rows.map((r) => r.service.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.label),
        rows.map((r) => r.contact),
        rows.map((r) => r.validFrom),
        rows.map((r) => r.validUntil),
      ],
    );
    return found.map((f) => f.row);
  }

  /**
   * As StatusChangesService.insert, for many rows at once (the current status is brought up
   * to date by LineServicesRepository.refreshCurrentStatus). Returns the change recorded for each row number.
   */
  async insertStatusChanges(manager: EntityManager, actor: Pick<Actor, 'tokenId' | 'name'>, rows: Resolved<StatusChangeDraft>[]): Promise<Map<number, StatusChangeRow>> {
    if (rows.length === 0) return new Map();
    // Rows left are distinct in (service, status, effective time, reason): that joins each back to its row.
    const inserted: (StatusChangeRow & { row: number })[] = await manager.query(
      `WITH input AS (
         SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS u (n, service_id, status, effective_at, reason, source_url)
       ), inserted AS (
         INSERT INTO status_changes (service_id, status, effective_at, reason, source_url, recorded_by_token_id, recorded_by)
         SELECT service_id, status, effective_at, reason, source_url, $7, $8 FROM input ORDER BY n
         RETURNING *
       )
       SELECT i.n AS "row", c.id::text, c.service_id, c.status, c.effective_at, c.withdrawn_at IS NULL AND c.effective_at <= now() AS in_effect,
              c.reason, c.source_url, c.recorded_by, c.recorded_at, c.withdrawn_at, c.withdrawn_by
         FROM inserted c
         JOIN input i ON i.service_id = c.service_id AND i.status = c.status AND i.effective_at = c.effective_at AND i.reason IS NOT DISTINCT FROM c.reason`,
      [
        rows.map((r) => r.row),
        rows.map((r) => r.service.id),
        rows.map((r) => r.status),
        rows.map((r) => r.effectiveAt),
        rows.map((r) => r.reason),
        rows.map((r) => r.sourceUrl),
        actor.tokenId,
        actor.name,
      ],
    );
    return new Map(inserted.map(({ row, ...change }) => [row, change]));
  }

  /** The channels, each with a new id. Returns the channel recorded for each row number. */
  async insertChannels(manager: EntityManager, rows: Resolved<ChannelDraft>[]): Promise<Map<number, ChannelRow>> {
    if (rows.length === 0) return new Map();
    const ids = rows.map(() => randomUUID());
    const inserted: ChannelRow[] = await manager.query(insertChannelsSql(), [
      ids,
      rows.map((r) => r.service.id),
      rows.map((r) => r.kind),
      rows.map((r) => r.platform),
      rows.map((r) => r.label),
      rows.map((r) => r.contact),
      rows.map((r) => (r.hours ? JSON.stringify(r.hours) : null)),
      rows.map((r) => r.notes),
      rows.map((r) => r.validFrom),
      rows.map((r) => r.validUntil),
    ]);
    const byId = new Map(inserted.map((c) => [c.id, c]));
    return new Map(rows.map((r, i) => [r.row, byId.get(ids[i])!]));
  }
}
