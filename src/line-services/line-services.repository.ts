import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { likePattern, SqlFilter } from '../common/sql';
import { updateReturning } from '../database/query';
import type { Hours } from '../hours/hours';
import { refreshStatusSql } from './current-status.sql';
import { updateColumnsSql } from './line-services.sql';
import type { ChannelKind } from './contact';
import type { Audience, ConversationDataStorage, ServiceCategory, ServiceStatus } from './vocabulary';

export interface ServiceRow {
  id: string;
  local_government_code: string | null;
  national_body_code: string | null;
  organization_code: string | null;
  operator_code: string;
  operator_name: string;
  parent_code: string | null;
  prefecture_code: string | null;
  name: string;
  name_en: string | null;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  handles_personal_data: boolean;
  life_critical: boolean;
  handles_confidential_data: boolean | null;
  conversation_data_storage: ConversationDataStorage;
  public_notice: string | null;
  successor_service_id: string | null;
  successor_name: string | null;
  transition_to_kind: ChannelKind | null;
  transition_to_platform: string | null;
  /** Tokyo days, YYYY-MM-DD (read as text: a date is not an instant). */
  transition_switch_on: string | null;
  transition_stop_on: string | null;
  last_verified_at: Date | null;
  last_verified_by: string | null;
  description: string | null;
  url: string | null;
  line_hours: Hours | null;
  current_status: ServiceStatus | null;
  current_status_since: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** Full-precision text forms of the timestamps, for keyset cursors. */
  created_key: string;
  updated_key: string;
}

/** The row a write locks: what jurisdiction and If-Match are checked against. */
export interface LockedService {
  id: string;
  version: number;
  local_government_code: string | null;
  national_body_code: string | null;
  organization_code: string | null;
  parent_code: string | null;
  prefecture_code: string | null;
}

export interface NewService {
  localGovernmentCode: string | null;
  nationalBodyCode: string | null;
  organizationCode: string | null;
  prefectureCode: string | null;
  name: string;
  nameEn: string | null;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  handlesPersonalData: boolean;
  lifeCritical: boolean;
  description: string | null;
  url: string | null;
  lineHours: Hours | null;
  publicNotice: string | null;
  successorServiceId: string | null;
  transition: TransitionColumns;
  handlesConfidentialData: boolean | null;
  conversationDataStorage: ConversationDataStorage;
}

/** A switch-first plan as its four columns (all null: none). */
export interface TransitionColumns {
  transition_to_kind: ChannelKind | null;
  transition_to_platform: string | null;
  transition_switch_on: string | null;
  transition_stop_on: string | null;
}

export interface ServiceFilter {
  operator?: string;
  prefecture?: string;
  status?: ServiceStatus;
  category?: ServiceCategory;
  audience?: Audience;
  q?: string;
  modifiedAfter?: string;
  sort: 'createdAt' | 'updatedAt' | 'name';
  hasOpenGap?: boolean;
  after?: (string | number)[];
  limit: number;
}

const SORT_COLUMNS = { createdAt: 's.created_at', updatedAt: 's.updated_at', name: 's.name' } as const;

const SERVICE_SELECT = `
  SELECT s.id, s.local_government_code, s.national_body_code, s.organization_code, s.operator_code, coalesce(lg.name, nb.name, org.name) AS operator_name,
         lg.parent_code, s.prefecture_code, s.name, s.name_en, s.department, s.category, s.audiences, s.handles_personal_data,
         s.life_critical, s.handles_confidential_data, s.conversation_data_storage, s.public_notice, s.successor_service_id, succ.name AS successor_name,
         s.transition_to_kind, s.transition_to_platform, s.transition_switch_on::text AS transition_switch_on, s.transition_stop_on::text AS transition_stop_on,
         s.last_verified_at, s.last_verified_by,
         s.description, s.url, s.line_hours, s.current_status, s.current_status_since, s.version,
         s.created_at, s.updated_at, s.created_at::text AS created_key, s.updated_at::text AS updated_key
    FROM line_services s
    LEFT JOIN local_governments lg ON lg.code = s.local_government_code
    LEFT JOIN national_bodies nb ON nb.code = s.national_body_code
    LEFT JOIN organizations org ON org.code = s.organization_code
    LEFT JOIN line_services succ ON succ.id = s.successor_service_id`;

@Injectable()
export class LineServicesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceRow | null> {
    const [row] = await manager.query(`${SERVICE_SELECT} WHERE s.id = $1`, [id]);
    return row ?? null;
  }

  list(filter: ServiceFilter): Promise<ServiceRow[]> {
    const sql = new SqlFilter();
    if (filter.operator) sql.where(`s.operator_code = ${sql.param(filter.operator)}`);
    if (filter.prefecture) sql.where(`s.prefecture_code = ${sql.param(filter.prefecture)}`);
    if (filter.status) sql.where(`s.current_status = ${sql.param(filter.status)}`);
    if (filter.category) sql.where(`s.category = ${sql.param(filter.category)}`);
    if (filter.audience) sql.where(`${sql.param(filter.audience)} = ANY (s.audiences)`);
    if (filter.q) {
      const pattern = sql.param(likePattern(filter.q));
      sql.where(`(s.name ILIKE ${pattern} OR s.name_en ILIKE ${pattern} OR s.department ILIKE ${pattern} OR s.description ILIKE ${pattern})`);
    }
    if (filter.modifiedAfter) sql.where(`s.updated_at > ${sql.param(filter.modifiedAfter)}::timestamptz`);
    if (filter.hasOpenGap !== undefined) {
      const exists = `EXISTS (SELECT 1 FROM findings f WHERE f.service_id = s.id AND f.resolved_at IS NULL AND f.kind IN ('no_alternative', 'impending_no_alternative'))`;
      sql.where(filter.hasOpenGap ? exists : `NOT ${exists}`);
    }
    const column = SORT_COLUMNS[filter.sort];
    const cast = filter.sort === 'name' ? 'text' : 'timestamptz';
    if (filter.after) sql.where(`(${column}, s.id) > (${sql.param(filter.after[0])}::${cast}, ${sql.param(filter.after[1])}::uuid)`);
    return this.dataSource.query(`${SERVICE_SELECT} ${sql.toSql()} ORDER BY ${column}, s.id LIMIT ${sql.param(filter.limit)}`, sql.params);
  }

  /** The name of a service, or null when there is none (a successor named by id). */
  async nameOf(id: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const [row] = await manager.query(`SELECT name FROM line_services WHERE id = $1`, [id]);
    return row?.name ?? null;
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM line_services WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async insert(manager: EntityManager, service: NewService): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO line_services (local_government_code, national_body_code, organization_code, prefecture_code, name, name_en, department, category, audiences,
                                  handles_personal_data, life_critical, description, url, line_hours, public_notice, successor_service_id,
                                  transition_to_kind, transition_to_platform, transition_switch_on, transition_stop_on, handles_confidential_data, conversation_data_storage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
      [
        service.localGovernmentCode,
        service.nationalBodyCode,
        service.organizationCode,
        service.prefectureCode,
        service.name,
        service.nameEn,
        service.department,
        service.category,
        service.audiences,
        service.handlesPersonalData,
        service.lifeCritical,
        service.description,
        service.url,
        service.lineHours ? JSON.stringify(service.lineHours) : null,
        service.publicNotice,
        service.successorServiceId,
        service.transition.transition_to_kind,
        service.transition.transition_to_platform,
        service.transition.transition_switch_on,
        service.transition.transition_stop_on,
        service.handlesConfidentialData,
        service.conversationDataStorage,
      ],
    );
    return id;
  }

  /** Sets the given columns (names from the caller's fixed list of updatable ones). */
  async update(manager: EntityManager, id: string, values: [column: string, value: unknown][]): Promise<void> {
    await manager.query(updateColumnsSql('line_services', values.map(([column]) => column)), [id, ...values.map(([, value]) => value)]);
  }

  /** Locks the service row for a write (FOR NO KEY UPDATE, as lock()), with what the jurisdiction check needs; null if there is none. */
  async lockForWrite(manager: EntityManager, id: string): Promise<LockedService | null> {
    const [service] = await manager.query(
      `SELECT s.id, s.version, s.local_government_code, s.national_body_code, s.organization_code, lg.parent_code, s.prefecture_code
         FROM line_services s LEFT JOIN local_governments lg ON lg.code = s.local_government_code
        WHERE s.id = $1 FOR NO KEY UPDATE OF s`,
      [id],
    );
    return service ?? null;
  }

  /**
   * Locks the service row (the worker's evaluation, serialised with the API's writes).
   * FOR NO KEY UPDATE, as every lock taken on a service: writers still queue on it, but the
   * foreign-key checks of rows that refer to the service (a sweep inserting its findings)
   * pass, so a sweep and an evaluation cannot deadlock over the service and its findings.
   */
  async lock(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`SELECT 1 FROM line_services WHERE id = $1 FOR NO KEY UPDATE`, [id]);
  }

  /**
   * Locks many services' rows (a bulk import), in id order so that two such writes cannot
   * deadlock each other. Returns the ids locked: those that still exist.
   */
  async lockMany(manager: EntityManager, ids: string[]): Promise<string[]> {
    const sorted = [...ids].sort();
    const locked: { id: string }[] = await manager.query(`SELECT id FROM line_services WHERE id = ANY ($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`, [sorted]);
    return locked.map((l) => l.id);
  }

  /** The version of each service moves once per write, as bumpVersion's (a bulk import). */
  async bumpVersions(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE line_services SET version = version + 1, updated_at = now() WHERE id = ANY ($1::uuid[])`, [ids]);
  }

  /** The version alone, for a write that is not an edit (a verification): updatedAt keeps meaning "edited". */
  async bumpVersionOnly(manager: EntityManager, id: string): Promise<number> {
    const [{ version }] = await updateReturning<{ version: number }>(manager, `UPDATE line_services SET version = version + 1 WHERE id = $1 RETURNING version`, [id]);
    return version;
  }

  /** As bumpVersionOnly, for many services at once (an import whose only write to them is a verification). */
  async bumpVersionsOnly(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(`UPDATE line_services SET version = version + 1 WHERE id = ANY ($1::uuid[])`, [ids]);
  }

  /** The version moves with every write to the service or its children; returns the new one. */
  async bumpVersion(manager: EntityManager, id: string): Promise<number> {
    const [{ version }] = await updateReturning<{ version: number }>(manager, `UPDATE line_services SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version`, [id]);
    return version;
  }

  /**
   * Brings current statuses up to the latest change in effect and records a
   * `service.status_changed` event where one changed; returns the events' ids.
   * `scope`: a condition on a service id (`= ANY($1::uuid[])`, with `params`), or null for
   * every service. `bumpVersion`: the API's write bumps the version itself; the worker's must.
   */
  async refreshCurrentStatuses(manager: EntityManager, scope: string | null, params: unknown[], bumpVersion: boolean): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(refreshStatusSql(scope, bumpVersion), params);
    return rows.map((row) => row.id);
  }

  /** The same for the given services, in the caller's transaction (whose write bumps the versions). */
  refreshCurrentStatus(manager: EntityManager, ...serviceIds: string[]): Promise<string[]> {
    return this.refreshCurrentStatuses(manager, '= ANY($1::uuid[])', [serviceIds], false);
  }
}
