import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ServiceStatus } from './vocabulary';

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

export interface NewStatusChange {
  serviceId: string;
  status: ServiceStatus;
  /** Null: effective now (the statement's time). */
  effectiveAt: string | null;
  reason: string | null;
  sourceUrl: string | null;
  recordedByTokenId: string | null;
  recordedBy: string;
}

// statement_timestamp(), not now(): the transaction may have begun before it waited for the
// service's row lock, and "now" must be after the write it waited for.
const RETURNING = `RETURNING id::text, service_id, status, effective_at, withdrawn_at IS NULL AND effective_at <= statement_timestamp() AS in_effect,
  reason, source_url, recorded_by, recorded_at, withdrawn_at, withdrawn_by`;

/** The status_changes table: the append-only timeline of every service. */
@Injectable()
export class StatusChangesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  async insert(manager: EntityManager, change: NewStatusChange): Promise<StatusChangeRow> {
    const [row] = await manager.query(
      `INSERT INTO status_changes (service_id, status, effective_at, reason, source_url, recorded_by_token_id, recorded_by)
       VALUES ($1, $2, coalesce($3::timestamptz, statement_timestamp()), $4, $5, $6, $7) ${RETURNING}`,
      [change.serviceId, change.status, change.effectiveAt, change.reason, change.sourceUrl, change.recordedByTokenId, change.recordedBy],
    );
    return row;
  }

  /** Locks one change of a service in the caller's transaction; null if the service has no such change. */
  async lock(manager: EntityManager, serviceId: string, changeId: string): Promise<StatusChangeRow | null> {
    const [row] = await manager.query(
      `SELECT id::text, service_id, status, effective_at, false AS in_effect, reason, source_url, recorded_by, recorded_at, withdrawn_at, withdrawn_by
         FROM status_changes WHERE id = $1 AND service_id = $2 FOR UPDATE`,
      [changeId, serviceId],
    );
    return row ?? null;
  }

  /**
   * Scheduled changes (recorded before their time) that came due in the last minute: their
   * delayed jobs lived in Redis, which keeps nothing on disk, so the relay adds them again.
   */
  dueInTheLastMinute(): Promise<{ id: string; service_id: string }[]> {
    return this.dataSource.query(
      `SELECT id::text, service_id FROM status_changes
        WHERE withdrawn_at IS NULL AND effective_at <= now() AND effective_at > now() - interval '1 minute'
          AND recorded_at < effective_at`,
    );
  }

  /** Changes that take effect in the next ten minutes, for their delayed jobs. */
  dueInTheNextTenMinutes(): Promise<{ id: string; service_id: string; effective_at: Date }[]> {
    return this.dataSource.query(
      `SELECT id::text, service_id, effective_at FROM status_changes
        WHERE withdrawn_at IS NULL AND effective_at > now() AND effective_at <= now() + interval '10 minutes'`,
    );
  }

  async withdraw(manager: EntityManager, changeId: string, by: string): Promise<StatusChangeRow> {
    const [[row]] = await manager.query(`UPDATE status_changes SET withdrawn_at = now(), withdrawn_by = $2 WHERE id = $1 ${RETURNING}`, [changeId, by]);
    return row;
  }
}
