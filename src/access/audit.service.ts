import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { forbidden } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { Actor, canReadAudit } from './actor';
import { AuditRecord, AuditRepository, AuditRow } from './audit.repository';
import { AuditEntryDto, AuditQuery } from './dto/audit.dto';

export type { AuditRecord } from './audit.repository';

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly services: LineServicesRepository,
  ) {}

  /** Written in the caller's transaction, so a write and its audit entry land together. */
  record(manager: EntityManager, actor: Actor, entry: AuditRecord): Promise<void> {
    return this.audit.insert(manager, actor, entry);
  }

  /** Many entries in one statement (bulk imports). */
  recordMany(manager: EntityManager, actor: Actor, entries: AuditRecord[]): Promise<void> {
    return this.audit.insertMany(manager, actor, entries);
  }

  async list(actor: Actor, query: AuditQuery): Promise<Page<AuditEntryDto>> {
    if (actor.role !== 'prefecture' && actor.role !== 'ministry') throw forbidden('the audit log is for the ministry and the prefectures');
    if (query.serviceId) {
      const service = await this.services.findById(query.serviceId);
      if (service && !canReadAudit(actor, service.prefecture_code)) throw forbidden('this service is outside your jurisdiction');
    }
    const [beforeId] = decodeCursor(query.cursor, ['id']) ?? [];
    const limit = query.limit ?? 100;
    const rows = await this.audit.list({
      prefectureCode: actor.role === 'prefecture' ? actor.scope : undefined,
      serviceId: query.serviceId,
      beforeId: beforeId as string | number | undefined,
      limit: limit + 1,
    });
    return toPage(rows, limit, toAuditDto, (row) => [row.id]);
  }
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
