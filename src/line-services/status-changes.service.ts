import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/actor';
import { conflict, notFound } from '../common/errors';
import { Versioned } from '../common/etag.interceptor';
import { Enqueuer } from '../jobs/enqueuer';
import { CreateStatusChangeDto, StatusChangeDto, StatusChangeListDto } from './dto/status-change.dto';
import { toStatusChangeDto } from './line-services.mapper';
import { LineServicesRepository, StatusChangeRow } from './line-services.repository';
import { ServiceWrites } from './service-writes';

// statement_timestamp(), not now(): the transaction may have begun before it waited for the
// service's row lock, and "now" must be after the write it waited for.
const RETURNING = `RETURNING id::text, service_id, status, effective_at, withdrawn_at IS NULL AND effective_at <= statement_timestamp() AS in_effect,
  reason, source_url, recorded_by, recorded_at, withdrawn_at, withdrawn_by`;

@Injectable()
export class StatusChangesService {
  constructor(
    private readonly repository: LineServicesRepository,
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
      const [before]: StatusChangeRow[] = await manager.query(
        `SELECT id::text, service_id, status, effective_at, false AS in_effect, reason, source_url, recorded_by, recorded_at, withdrawn_at, withdrawn_by
           FROM status_changes WHERE id = $1 AND service_id = $2 FOR UPDATE`,
        [changeId, serviceId],
      );
      if (!before) throw notFound(`status change ${changeId} of service ${serviceId}`);
      if (before.withdrawn_at) throw conflict('the change is already withdrawn');
      if (!before.effective_at || before.effective_at <= new Date()) throw conflict('the change has already taken effect; record a new change instead');
      const [[after]] = await manager.query(`UPDATE status_changes SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1 ${RETURNING}`, [changeId, actor.name]);
      await audit({ action: 'status_change.withdraw', entityType: 'status_change', entityId: changeId, before: toStatusChangeDto(before), after: toStatusChangeDto(after) });
      return after as StatusChangeRow;
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
       VALUES ($1, $2, coalesce($3::timestamptz, statement_timestamp()), $4, $5, $6, $7) ${RETURNING}`,
      [serviceId, dto.status, dto.effectiveAt ?? null, dto.reason ?? null, dto.sourceUrl ?? null, actor.tokenId, actor.name],
    );
    await this.repository.refreshCurrentStatus(manager, serviceId);
    return change;
  }

  /** A future-dated change takes effect through a delayed evaluation at its time. */
  scheduleIfPending(change: StatusChangeRow): void {
    if (change.in_effect || !change.effective_at) return;
    void this.enqueuer.evaluateAt(change.service_id, change.id, change.effective_at);
  }

  async list(serviceId: string): Promise<StatusChangeListDto> {
    if (!(await this.repository.findById(serviceId))) throw notFound(`service ${serviceId}`);
    const rows = await this.repository.timelinesOf([serviceId]);
    return { items: rows.map(toStatusChangeDto) };
  }
}
