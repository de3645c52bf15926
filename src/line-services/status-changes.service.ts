import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { conflict, notFound } from '../common/errors';
import { Versioned } from '../common/etag.interceptor';
import { Enqueuer } from '../jobs/enqueuer';
import { CreateStatusChangeDto, StatusChangeDto, StatusChangeListDto } from './dto/status-change.dto';
import { toStatusChangeDto } from './line-services.mapper';
import { LineServicesRepository } from './line-services.repository';
import { ServiceWrites } from './service-writes';
import { StatusChangeRow, StatusChangesRepository } from './status-changes.repository';

@Injectable()
export class StatusChangesService {
  constructor(
    private readonly services: LineServicesRepository,
    private readonly changes: StatusChangesRepository,
    private readonly writes: ServiceWrites,
    private readonly enqueuer: Enqueuer,
  ) {}

  async create(actor: Actor, serviceId: string, ifMatch: number | undefined, dto: CreateStatusChangeDto): Promise<Versioned<StatusChangeDto>> {
    const { result, version } = await this.writes.run(actor, serviceId, ifMatch, async (manager, { audit }) => {
      const change = await this.insert(manager, actor, serviceId, dto);
      await audit({ action: 'status_change.create', entityType: 'status_change', entityId: change.id, before: null, after: toStatusChangeDto(change) });
      return change;
    });
    this.scheduleIfPending(result);
    return new Versioned(toStatusChangeDto(result), version);
  }

  /** Withdraws a scheduled change before it takes effect; it stays in the timeline, marked withdrawn. */
  async withdraw(actor: Actor, serviceId: string, changeId: string, ifMatch: number | undefined): Promise<Versioned<StatusChangeDto>> {
    const { result, version } = await this.writes.run(actor, serviceId, ifMatch, async (manager, { audit }) => {
      const before = await this.changes.lock(manager, serviceId, changeId);
      if (!before) throw notFound(`status change ${changeId} of service ${serviceId}`);
      if (before.withdrawn_at) throw conflict('the change is already withdrawn');
      if (!before.effective_at || before.effective_at <= new Date()) throw conflict('the change has already taken effect; record a new change instead');
      const after = await this.changes.withdraw(manager, changeId, actor.name);
      await audit({ action: 'status_change.withdraw', entityType: 'status_change', entityId: changeId, before: toStatusChangeDto(before), after: toStatusChangeDto(after) });
      return after;
    });
    return new Versioned(toStatusChangeDto(result), version);
  }

  /**
   * Appends a change (effective now unless dated) and brings the service's current status
   * up to date in the same transaction.
   */
  async insert(manager: EntityManager, actor: Pick<Actor, 'tokenId' | 'name'>, serviceId: string, dto: CreateStatusChangeDto): Promise<StatusChangeRow> {
    const change = await this.changes.insert(manager, {
      serviceId,
      status: dto.status,
      effectiveAt: dto.effectiveAt ?? null,
      reason: dto.reason ?? null,
      sourceUrl: dto.sourceUrl ?? null,
      recordedByTokenId: actor.tokenId,
      recordedBy: actor.name,
    });
    await this.services.refreshCurrentStatus(manager, serviceId);
    return change;
  }

  /** A future-dated change takes effect through a delayed evaluation at its time. */
  scheduleIfPending(change: StatusChangeRow): void {
    if (change.in_effect || !change.effective_at) return;
    void this.enqueuer.evaluateAt(change.service_id, change.id, change.effective_at);
  }

  async list(serviceId: string): Promise<StatusChangeListDto> {
    if (!(await this.services.exists(serviceId))) throw notFound(`service ${serviceId}`);
    const rows = await this.changes.timelinesOf([serviceId]);
    return { items: rows.map(toStatusChangeDto) };
  }
}
