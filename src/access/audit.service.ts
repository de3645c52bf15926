import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { forbidden } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql';
import { Actor, canReadAudit } from './actor';
import { AuditEntryDto, AuditQuery } from './dto/audit.dto';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId: string;
  serviceId: string | null;
  prefectureCode: string | null;
  before: unknown;
  after: unknown;
}

interface AuditRow {
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

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Written in the caller's transaction, so a write and its audit entry land together. */
  async record(manager: EntityManager, actor: Actor, entry: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (token_id, actor, actor_role, action, entity_type, entity_id, service_id, prefecture_code, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [actor.tokenId, actor.name, actor.role, entry.action, entry.entityType, entry.entityId, entry.serviceId, entry.prefectureCode, json(entry.before), json(entry.after), actor.requestId],
    );
  }

  /** Many entries in one statement (bulk imports). */
  async recordMany(manager: EntityManager, actor: Actor, entries: AuditRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      `INSERT INTO audit_log (token_id, actor, actor_role, action, entity_type, entity_id, service_id, prefecture_code, before, after, request_id)
       SELECT $1, $2, $3, e.action, e."entityType", e."entityId", e."serviceId", e."prefectureCode", e.before, e.after, $4
         FROM jsonb_to_recordset($5::jsonb) AS e(action text, "entityType" text, "entityId" text, "serviceId" uuid, "prefectureCode" text, before jsonb, after jsonb)`,
      [actor.tokenId, actor.name, actor.role, actor.requestId, JSON.stringify(entries.map((e) => ({ ...e, before: e.before ?? null, after: e.after ?? null })))],
    );
  }

  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEntryDto>> {
    const filter = new SqlFilter();
    if (actor.role === 'prefecture') {
      filter.where(`prefecture_code = ${filter.param(actor.scope)}`);
    } else if (actor.role !== 'ministry') {
      throw forbidden('the audit log is for the ministry and the prefectures');
    }
    if (query.serviceId) {
      const [service] = await this.dataSource.query(`SELECT prefecture_code FROM line_services WHERE id = $1`, [query.serviceId]);
      if (service && !canReadAudit(actor, service.prefecture_code)) throw forbidden('this service is outside your jurisdiction');
      filter.where(`service_id = ${filter.param(query.serviceId)}`);
    }
    const [afterId] = decodeCursor(query.cursor, ['id']) ?? [];
    if (afterId !== undefined) filter.where(`id < ${filter.param(afterId)}`);
    const limit = query.limit ?? 100;
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT id, occurred_at, actor, actor_role, action, entity_type, entity_id, service_id, before, after, request_id
         FROM audit_log ${filter.toSql()} ORDER BY id DESC LIMIT ${filter.param(limit + 1)}`,
      filter.params,
    );
    return toPage(rows, limit, toAuditDto, (row) => [row.id]);
  }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function toAuditDto(row: AuditRow): AuditEntryDto {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: row.actor,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    serviceId: row.service_id,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.request_id,
  };
}
