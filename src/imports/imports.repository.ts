import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../access/actor';
import type { ChannelRow } from '../line-services/fallback-channels.repository';
import type { StatusChangeRow } from '../line-services/status-changes.repository';
import { insertChannelsSql } from './imports.sql';
import { SERVICE_FIELD_COLUMNS } from './rows';
import type { ChannelDraft, RowDraft, ServiceInfoDraft, StatusChangeDraft } from './rows';

/** A service a row names, with what deciding the token's jurisdiction needs. */
export interface ResolvedService {
  id: string;
  operator_code: string;
  name: string;
  local_government_code: string | null;
  national_body_code: string | null;
  organization_code: string | null;
  parent_code: string | null;
  prefecture_code: string | null;
}

/** A valid row with the service it names. */
export type Resolved<T extends RowDraft> = T & { service: ResolvedService };

/** The service information of one service (a file's rows for it merged: they never disagree), as the statements take it. */
export interface ServiceInfoInput {
  serviceId: string;
  publicNotice: string | null;
  handlesPersonalData: boolean | null;
  handlesConfidentialData: ServiceInfoDraft['handlesConfidentialData'];
  conversationDataStorage: string | null;
  transition: ServiceInfoDraft['transition'];
}

/** The fields of a service that service_info rows set, as recorded (before and after an import, for its audit). */
export interface ServiceInfoRow {
  id: string;
  public_notice: string | null;
  handles_personal_data: boolean;
  handles_confidential_data: boolean | null;
  conversation_data_storage: string;
  transition_to_kind: string | null;
  transition_to_platform: string | null;
  transition_switch_on: string | null;
  transition_stop_on: string | null;
  last_verified_at: Date | null;
  last_verified_by: string | null;
}

/**
 * service_info rows as a relation `u` (one per service), and the value each field is to have:
 * the row's where it gives one, the recorded one where it does not. One definition, for the
 * check of what is already recorded and for the update.
 */
const SERVICE_INFO_INPUT = `unnest($1::uuid[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[], $9::date[], $10::date[]) WITH ORDINALITY
    AS u (service_id, public_notice, handles_personal_data, handles_confidential_data, conversation_data_storage, transition_given, transition_to_kind, transition_to_platform, transition_switch_on, transition_stop_on, position)`;
/** The service's columns a service_info row sets: the rows' own list (rows.ts). */
const SERVICE_INFO_COLUMNS = SERVICE_FIELD_COLUMNS;
const WANTED: Record<(typeof SERVICE_INFO_COLUMNS)[number], string> = {
  public_notice: 'coalesce(u.public_notice, s.public_notice)',
  handles_personal_data: 'coalesce(u.handles_personal_data, s.handles_personal_data)',
  // 不明 is recorded as null; an empty cell keeps what is recorded.
  handles_confidential_data: `CASE u.handles_confidential_data WHEN 'yes' THEN true WHEN 'no' THEN false WHEN 'unknown' THEN NULL ELSE s.handles_confidential_data END`,
  conversation_data_storage: 'coalesce(u.conversation_data_storage, s.conversation_data_storage)',
  // The four transition columns are one plan: given together, or not at all.
  transition_to_kind: 'CASE WHEN u.transition_given THEN u.transition_to_kind ELSE s.transition_to_kind END',
  transition_to_platform: 'CASE WHEN u.transition_given THEN u.transition_to_platform ELSE s.transition_to_platform END',
  transition_switch_on: 'CASE WHEN u.transition_given THEN u.transition_switch_on ELSE s.transition_switch_on END',
  transition_stop_on: 'CASE WHEN u.transition_given THEN u.transition_stop_on ELSE s.transition_stop_on END',
};
const RECORDED_TUPLE = `(${SERVICE_INFO_COLUMNS.map((c) => `s.${c}`).join(', ')})`;
const WANTED_TUPLE = `(${SERVICE_INFO_COLUMNS.map((c) => WANTED[c]).join(', ')})`;
const SERVICE_INFO_SELECT = `s.id, ${SERVICE_INFO_COLUMNS.map((c) => (c.endsWith('_on') ? `s.${c}::text` : `s.${c}`)).join(', ')}, s.last_verified_at, s.last_verified_by`;

function serviceInfoParams(inputs: ServiceInfoInput[]): unknown[] {
  return [
    inputs.map((i) => i.serviceId),
    inputs.map((i) => i.publicNotice),
    inputs.map((i) => i.handlesPersonalData),
    inputs.map((i) => i.handlesConfidentialData),
    inputs.map((i) => i.conversationDataStorage),
    inputs.map((i) => i.transition !== null),
    inputs.map((i) => i.transition?.toKind ?? null),
    inputs.map((i) => i.transition?.toPlatform ?? null),
    inputs.map((i) => i.transition?.switchOn ?? null),
    inputs.map((i) => i.transition?.stopOn ?? null),
  ];
}

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
      `SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, s.organization_code, lg.parent_code, s.prefecture_code
         FROM line_services s LEFT JOIN local_governments lg ON lg.code = s.local_government_code
        WHERE s.id = ANY ($1::uuid[])
       UNION
       SELECT s.id, s.operator_code, s.name, s.local_government_code, s.national_body_code, s.organization_code, lg.parent_code, s.prefecture_code
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

  /** Of these inputs, the positions (from 0) of those whose service's recorded fields already are what the input gives. */
  async serviceInfoUnchanged(manager: EntityManager, inputs: ServiceInfoInput[]): Promise<Set<number>> {
    if (inputs.length === 0) return new Set();
    const found: { position: string }[] = await manager.query(
      `SELECT u.position FROM ${SERVICE_INFO_INPUT} JOIN line_services s ON s.id = u.service_id WHERE ${RECORDED_TUPLE} IS NOT DISTINCT FROM ${WANTED_TUPLE}`,
      serviceInfoParams(inputs),
    );
    return new Set(found.map((f) => Number(f.position) - 1));
  }

  /** Rows whose verification (service, instant, method, source) is already recorded. */
  async recordedVerifications(manager: EntityManager, rows: Resolved<ServiceInfoDraft>[]): Promise<number[]> {
    const withVerification = rows.filter((r) => r.verification !== null);
    if (withVerification.length === 0) return [];
    const found: { row: number }[] = await manager.query(
      `SELECT u.n AS "row" FROM unnest($1::int[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[]) AS u (n, service_id, verified_at, method, source_url)
        WHERE EXISTS (SELECT 1 FROM service_verifications v
                       WHERE v.service_id = u.service_id AND v.verified_at = u.verified_at AND v.method = u.method AND v.source_url IS NOT DISTINCT FROM u.source_url)`,
      [
        withVerification.map((r) => r.row),
        withVerification.map((r) => r.service.id),
        withVerification.map((r) => r.verification!.verifiedAt),
        withVerification.map((r) => r.verification!.method),
        withVerification.map((r) => r.verification!.sourceUrl),
      ],
    );
    return found.map((f) => f.row);
  }

  /** The fields service_info rows set, as recorded now, for these services. */
  serviceInfoOf(manager: EntityManager, ids: string[]): Promise<ServiceInfoRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(`SELECT ${SERVICE_INFO_SELECT} FROM line_services s WHERE s.id = ANY ($1::uuid[])`, [ids]);
  }

  /**
   * Sets the fields the inputs give (one input per service), in one statement; an edit, so
   * updated_at moves, only for the services whose fields change. Returns those services' ids.
   */
  async updateServiceInfo(manager: EntityManager, inputs: ServiceInfoInput[]): Promise<string[]> {
    if (inputs.length === 0) return [];
    const updated: { id: string }[] = await manager.query(
      `WITH wanted AS (
         SELECT s.id, ${SERVICE_INFO_COLUMNS.map((c) => `${WANTED[c]} AS ${c}`).join(', ')}
           FROM ${SERVICE_INFO_INPUT} JOIN line_services s ON s.id = u.service_id
          WHERE ${RECORDED_TUPLE} IS DISTINCT FROM ${WANTED_TUPLE}
       )
       UPDATE line_services s SET ${SERVICE_INFO_COLUMNS.map((c) => `${c} = w.${c}`).join(', ')}, updated_at = now()
         FROM wanted w WHERE s.id = w.id
       RETURNING s.id`,
      serviceInfoParams(inputs),
    );
    return updated.map((u) => u.id);
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
