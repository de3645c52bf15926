import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { likePattern, SqlFilter } from '../common/sql';
import type { Hours } from '../hours/hours';
import type { ChannelKind } from './contact';
import { refreshStatusSql } from './current-status.sql';
import type { Audience, ServiceCategory, ServiceStatus } from './vocabulary';

export interface ServiceRow {
  id: string;
  local_government_code: string | null;
  national_body_code: string | null;
  operator_code: string;
  operator_name: string;
  parent_code: string | null;
  prefecture_code: string | null;
  name: string;
  department: string | null;
  category: ServiceCategory;
  audiences: Audience[];
  handles_personal_data: boolean;
  life_critical: boolean;
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

export interface ChannelRow {
  id: string;
  service_id: string;
  kind: ChannelKind;
  platform: string | null;
  label: string;
  contact: string;
  hours: Hours | null;
  notes: string | null;
  valid_from: Date | null;
  valid_until: Date | null;
  valid_now: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface StatusChangeRow {
  id: string;
  service_id: string;
  status: ServiceStatus;
  effective_at: Date | null;
  in_effect: boolean;
  reason: string | null;
  source_url: string | null;
  recorded_by: string;
  recorded_at: Date;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
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

/**
 * A channel is valid at a time when that time is inside its validity period. One
 * definition, used by every query that asks which channels a service has.
 */
export function channelValidAt(alias: string, at: string): string {
  return `((${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${at}) AND (${alias}.valid_until IS NULL OR ${alias}.valid_until > ${at}))`;
}

const SERVICE_SELECT = `
  SELECT s.id, s.local_government_code, s.national_body_code, s.operator_code, coalesce(lg.name, nb.name) AS operator_name,
         lg.parent_code, s.prefecture_code, s.name, s.department, s.category, s.audiences, s.handles_personal_data,
         s.life_critical, s.description, s.url, s.line_hours, s.current_status, s.current_status_since, s.version,
         s.created_at, s.updated_at, s.created_at::text AS created_key, s.updated_at::text AS updated_key
    FROM line_services s
    LEFT JOIN local_governments lg ON lg.code = s.local_government_code
    LEFT JOIN national_bodies nb ON nb.code = s.national_body_code`;

const CHANNEL_COLUMNS = `c.id, c.service_id, c.kind, c.platform, c.label, c.contact, c.hours, c.notes, c.valid_from, c.valid_until,
  ${channelValidAt('c', 'now()')} AS valid_now, c.created_at, c.updated_at`;

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
      sql.where(`(s.name ILIKE ${pattern} OR s.department ILIKE ${pattern} OR s.description ILIKE ${pattern})`);
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

  /** Channels of the given services: those valid now or later, or every one with `all`. */
  channelsOf(serviceIds: string[], state: 'current' | 'all' = 'current'): Promise<ChannelRow[]> {
    if (serviceIds.length === 0) return Promise.resolve([]);
    const current = state === 'current' ? 'AND (c.valid_until IS NULL OR c.valid_until > now())' : '';
    return this.dataSource.query(
      `SELECT ${CHANNEL_COLUMNS} FROM fallback_channels c WHERE c.service_id = ANY ($1::uuid[]) ${current} ORDER BY c.service_id, c.created_at, c.id`,
      [serviceIds],
    );
  }

  async findChannel(id: string, manager: EntityManager = this.dataSource.manager): Promise<ChannelRow | null> {
    const [row] = await manager.query(`SELECT ${CHANNEL_COLUMNS} FROM fallback_channels c WHERE c.id = $1`, [id]);
    return row ?? null;
  }

  /** Timelines, oldest first: undated changes first, then by effective time, then as recorded. */
  timelinesOf(serviceIds: string[], manager: EntityManager = this.dataSource.manager): Promise<StatusChangeRow[]> {
    if (serviceIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT id::text, service_id, status, effective_at,
              withdrawn_at IS NULL AND (effective_at IS NULL OR effective_at <= now()) AS in_effect,
              reason, source_url, recorded_by, recorded_at, withdrawn_at, withdrawn_by
         FROM status_changes WHERE service_id = ANY ($1::uuid[])
        ORDER BY service_id, effective_at NULLS FIRST, id`,
      [serviceIds],
    );
  }

  /**
   * Brings the service's current status up to the latest change in effect, in the
   * caller's transaction (whose write bumps the version). Returns the events it recorded.
   */
  async refreshCurrentStatus(manager: EntityManager, serviceId: string): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(refreshStatusSql('= ANY($1::uuid[])', false), [[serviceId]]);
    return rows.map((row) => row.id);
  }
}
