import { Injectable } from '@nestjs/common';
import { Actor } from '../access/actor';
import { AuditService } from '../access/audit.service';
import { notFound } from '../common/errors';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { toIso } from '../common/time';
import { Transactions } from '../database/transactions';
import { CreateVerificationDto, VerificationDto, VerificationQuery } from './dto/verification.dto';
import { LineServicesRepository } from './line-services.repository';
import { ServiceWrites } from './service-writes';
import { VerificationRow, VerificationsRepository } from './verifications.repository';

const DEFAULT_PAGE = 50;

/**
 * Verifications: someone with the right to write a service confirms it and its channels
 * as they stand. Kept apart from edits: updatedAt does not move. The version does, because
 * it is the service answer's ETag and the answer changed (lastVerifiedAt): a client holding
 * the old one must not be told its copy is current. The write is audited and the service
 * is evaluated (a stale_record resolves) as any write's.
 */
@Injectable()
export class VerificationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly services: LineServicesRepository,
    private readonly verifications: VerificationsRepository,
    private readonly writes: ServiceWrites,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, serviceId: string, dto: CreateVerificationDto): Promise<VerificationDto> {
    const { row, requestId } = await this.transactions.run(async (manager) => {
      const service = await this.services.lockForWrite(manager, serviceId);
      if (!service) throw notFound(`service ${serviceId}`);
      this.writes.authorize(actor, service);
      const before = await this.verifications.latestOf(manager, serviceId);
      const row = await this.verifications.insert(manager, {
        serviceId,
        method: dto.method,
        sourceUrl: dto.sourceUrl ?? null,
        note: dto.note ?? null,
        verifiedBy: actor.name,
        verifiedByTokenId: actor.tokenId,
      });
      await this.services.bumpVersionOnly(manager, serviceId);
      await this.audit.record(manager, actor, {
        action: 'service.verify',
        entityType: 'service_verification',
        entityId: row.id,
        serviceId,
        prefectureCode: service.prefecture_code,
        before: { lastVerifiedAt: toIso(before.last_verified_at), lastVerifiedBy: before.last_verified_by },
        after: toVerificationDto(row),
      });
      return { row, requestId: await this.writes.finishWrite(manager, serviceId) };
    });
    this.writes.evaluateSoon(serviceId, requestId);
    return toVerificationDto(row);
  }

  async list(serviceId: string, query: VerificationQuery): Promise<Page<VerificationDto>> {
    if (!(await this.services.exists(serviceId))) throw notFound(`service ${serviceId}`);
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await this.verifications.list(serviceId, limit + 1, decodeCursor(query.cursor, ['timestamp', 'id']));
    return toPage(rows, limit, toVerificationDto, (row) => [row.verified_key, row.id]);
  }
}

function toVerificationDto(row: VerificationRow): VerificationDto {
  return {
    id: row.id,
    serviceId: row.service_id,
    method: row.method,
    sourceUrl: row.source_url,
    note: row.note,
    verifiedAt: row.verified_at.toISOString(),
    verifiedBy: row.verified_by,
    recordedAt: row.recorded_at.toISOString(),
  };
}
