import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { notFound } from '../common/errors';
import { Versioned } from '../common/etag.interceptor';
import { CreateStatusChangeDto, StatusChangeDto, StatusChangeListDto } from './dto/status-change.dto';
import { toStatusChangeDto } from './line-services.mapper';
import { LineServicesRepository, StatusChangeRow } from './line-services.repository';
import { ServiceWrites } from './service-writes';

@Injectable()
export class StatusChangesService {
  constructor(
    private readonly repository: LineServicesRepository,
    private readonly writes: ServiceWrites,
  ) {}

  async create(actor: Actor, serviceId: string, ifMatch: number | undefined, dto: CreateStatusChangeDto): Promise<Versioned<StatusChangeDto>> {
    const { result, version } = await this.writes.run(actor, serviceId, ifMatch, async (manager, _service, audit) => {
      const change = await this.insert(manager, actor, serviceId, dto);
      await audit({ action: 'status_change.create', entityType: 'status_change', entityId: change.id, before: null, after: toStatusChangeDto(change) });
      return change;
    });
    return new Versioned(toStatusChangeDto(result), version);
  }

  /**
   * Appends a change (effective now unless dated) and brings the service's current status
   * up to date in the same transaction.
   */
  async insert(manager: EntityManager, actor: Pick<Actor, 'tokenId' | 'name'>, serviceId: string, dto: CreateStatusChangeDto): Promise<StatusChangeRow> {
    const [change] = await manager.query(
      `INSERT INTO status_changes (service_id, status, effective_at, reason, source_url, recorded_by_token_id, recorded_by)
       VALUES ($1, $2, coalesce($3::timestamptz, now()), $4, $5, $6, $7)
       RETURNING id::text, service_id, status, effective_at, effective_at <= now() AS in_effect, reason, source_url, recorded_by, recorded_at`,
      [serviceId, dto.status, dto.effectiveAt ?? null, dto.reason ?? null, dto.sourceUrl ?? null, actor.tokenId, actor.name],
    );
    await this.repository.refreshCurrentStatus(manager, serviceId);
    return change;
  }

  async list(serviceId: string): Promise<StatusChangeListDto> {
    if (!(await this.repository.findById(serviceId))) throw notFound(`service ${serviceId}`);
    const rows = await this.repository.timelinesOf([serviceId]);
    return { items: rows.map(toStatusChangeDto) };
  }
}
