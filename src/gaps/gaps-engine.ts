import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { retryOnDeadlock } from '../database/retry';
import { refreshStatusSql } from '../line-services/current-status.sql';
import type { FindingKind, Severity } from './gap-rules';
import { reconcileSql } from './reconcile.sql';

interface ReconcileRow {
  change: 'opened' | 'changed' | 'resolved';
  id: string;
  service_id: string;
  kind: FindingKind;
  severity: Severity;
  previous_severity: Severity | null;
  details: Record<string, unknown>;
  resolution: string | null;
}

export interface EngineOutcome {
  opened: number;
  severityChanged: number;
  resolved: number;
  statusesChanged: number;
  eventIds: string[];
}

const EVENT_TYPE = { opened: 'gap.opened', changed: 'gap.severity_changed', resolved: 'gap.resolved' } as const;

/**
 * Applies scheduled changes that came due and reconciles findings, for one service (the
 * per-change evaluation) or for all of them (the sweep), each in one transaction: a
 * worker that dies half-way leaves nothing half-done.
 */
@Injectable()
export class GapsEngine {
  private readonly logger = new Logger('GapsEngine');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  evaluate(serviceId: string): Promise<EngineOutcome> {
    return retryOnDeadlock(() => this.dataSource.transaction(async (manager) => {
      // Serialised with the API's writes to this service, so what it reads is what it updates.
      await manager.query(`SELECT 1 FROM line_services WHERE id = $1 FOR UPDATE`, [serviceId]);
      const [{ last }] = await manager.query(`SELECT max(id) AS last FROM evaluation_requests WHERE service_id = $1 AND processed_at IS NULL`, [serviceId]);
      const outcome = await this.run(manager, '= ANY($1::uuid[])', [[serviceId]]);
      if (last) await manager.query(`UPDATE evaluation_requests SET processed_at = now() WHERE service_id = $1 AND processed_at IS NULL AND id <= $2`, [serviceId, last]);
      return outcome;
    }));
  }

  /** The sweep's many-row updates can deadlock with an import's or an evaluation's; it then runs again. */
  sweep(): Promise<EngineOutcome> {
    return retryOnDeadlock(() => this.dataSource.transaction(async (manager) => {
      const [{ last }] = await manager.query(`SELECT max(id) AS last FROM evaluation_requests WHERE processed_at IS NULL`);
      const outcome = await this.run(manager, null, []);
      if (last) await manager.query(`UPDATE evaluation_requests SET processed_at = now() WHERE processed_at IS NULL AND id <= $1`, [last]);
      await manager.query(`DELETE FROM evaluation_requests WHERE processed_at < now() - interval '1 day'`);
      return outcome;
    }));
  }

  private async run(manager: EntityManager, scope: string | null, params: unknown[]): Promise<EngineOutcome> {
    const statusEvents: { id: string }[] = await manager.query(refreshStatusSql(scope, true), params);
    const rows: ReconcileRow[] = await manager.query(reconcileSql(scope), params);
    const findingEvents = await this.recordEvents(manager, rows);
    const outcome = {
      opened: rows.filter((r) => r.change === 'opened').length,
      severityChanged: rows.filter((r) => r.change === 'changed' && r.previous_severity !== r.severity).length,
      resolved: rows.filter((r) => r.change === 'resolved').length,
      statusesChanged: statusEvents.length,
      eventIds: [...statusEvents.map((e) => e.id), ...findingEvents],
    };
    if (outcome.opened || outcome.resolved || outcome.severityChanged) {
      this.logger.log(`findings: ${outcome.opened} opened, ${outcome.severityChanged} re-rated, ${outcome.resolved} resolved`);
    }
    return outcome;
  }

  private async recordEvents(manager: EntityManager, rows: ReconcileRow[]): Promise<string[]> {
    const events = rows
      .filter((r) => r.change !== 'changed' || r.previous_severity !== r.severity)
      .map((r) => ({
        type: EVENT_TYPE[r.change],
        serviceId: r.service_id,
        data: { findingId: r.id, kind: r.kind, severity: r.severity, previousSeverity: r.previous_severity, resolution: r.resolution, details: r.details },
      }));
    if (events.length === 0) return [];
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO events (type, service_id, prefecture_code, category, data)
       SELECT e.type, s.id, s.prefecture_code, s.category,
              e.data || jsonb_build_object('serviceId', s.id, 'serviceName', s.name, 'operatorCode', s.operator_code, 'prefectureCode', s.prefecture_code)
         FROM jsonb_to_recordset($1::jsonb) AS e(type text, "serviceId" uuid, data jsonb)
         JOIN line_services s ON s.id = e."serviceId"
       RETURNING id`,
      [JSON.stringify(events)],
    );
    return inserted.map((e) => e.id);
  }
}
