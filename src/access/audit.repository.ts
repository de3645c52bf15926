import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SqlFilter } from '../common/sql';
import type { Actor } from './actor';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  serviceId: string | null;
  prefectureCode: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  service_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
}

export interface AuditFilter {
  /** A prefecture's own entries; null matches none. */
  prefectureCode?: string | null;
  serviceId?: string;
  beforeId?: string | number;
  limit: number;
}

/** The audit_log table: append-only, written in the transaction of the write it records. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, actor: Actor, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (token_id, actor, actor_role, action, entity_type, entity_id, service_id, prefecture_code, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [actor.tokenId, actor.name, actor.role, entry.action, entry.entityType, entry.entityId, entry.serviceId, entry.prefectureCode, json(entry.before), json(entry.after), actor.requestId],
    );
  }

  /** Many entries in one statement (bulk imports). */
  async insertMany(manager: EntityManager, actor: Actor, entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO audit_log (token_id, actor, actor_role, action, entity_type, entity_id, service_id, prefecture_code, before, after, request_id)
       SELECT $1, $2, $3, e.action, e."entityType", e."entityId", e."serviceId", e."prefectureCode", e.before, e.after, $4
         FROM jsonb_to_recordset($5::jsonb) AS e(action text, "entityType" text, "entityId" text, "serviceId" uuid, "prefectureCode" text, before jsonb, after jsonb)`,
      [actor.tokenId, actor.name, actor.role, actor.requestId, JSON.stringify(entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })))],
    );
  }

  /** Newest first. */
  list(filter: AuditFilter): Promise<AuditRow[]> {
    const sql = new SqlFilter();
    if (filter.prefectureCode !== undefined) sql.where(`prefecture_code = ${sql.param(filter.prefectureCode)}`);
    if (filter.serviceId !== undefined) sql.where(`service_id = ${sql.param(filter.serviceId)}`);
    if (filter.beforeId !== undefined) sql.where(`id < ${sql.param(filter.beforeId)}`);
    return this.dataSource.query(
      `SELECT id, occurred_at, actor, actor_role, action, entity_type, entity_id, service_id, before, after, request_id
         FROM audit_log ${sql.toSql()} ORDER BY id DESC LIMIT ${sql.param(filter.limit)}`,
      sql.params,
    );
  }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
