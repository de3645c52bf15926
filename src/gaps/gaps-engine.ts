import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { EvaluationRequestsRepository } from './evaluation-requests.repository';
import { EventsRepository } from '../notifications/events.repository';
import { ReportCountsRepository } from '../reports/report-counts.repository';
import { FindingsRepository, ReconcileRow } from './findings.repository';

export interface EngineOutcome {
  opened: number;
  severityChanged: number;
  resolved: number;
  statusesChanged: number;
  eventIds: string[];
}

const EVENT_TYPE = { opened: 'gap.opened', changed: 'gap.severity_changed', resolved: 'gap.resolved' } as const;

/**
 * Applies scheduled changes that came due, reconciles findings and recounts the report
 * figures of now (report_counts), for one service and its operator (the per-change
 * evaluation, also run at each channel validity boundary) or for all of them (the sweep),
 * each in one transaction: a worker that dies half-way leaves nothing half-done.
 */
@Injectable()
export class GapsEngine {
  private readonly logger = new Logger('GapsEngine');

  constructor(
    private readonly transactions: Transactions,
    private readonly services: LineServicesRepository,
    private readonly findings: FindingsRepository,
    private readonly requests: EvaluationRequestsRepository,
    private readonly events: EventsRepository,
    private readonly reportCounts: ReportCountsRepository,
  ) {}

  evaluate(serviceId: string): Promise<EngineOutcome> {
    return this.transactions.runRetryingDeadlocks(async (manager) => {
      // Serialised with the API's writes to this service, so what it reads is what it updates.
      await this.services.lock(manager, serviceId);
      const last = await this.requests.lastUnprocessed(manager, serviceId);
      const outcome = await this.run(manager, '= ANY($1::uuid[])', [[serviceId]]);
      if (last) await this.requests.markProcessed(manager, last, serviceId);
      // Last: it holds the operator's row of report_counts until the commit.
      await this.reportCounts.recount(manager, '= ANY($1::uuid[])', [[serviceId]]);
      return outcome;
    });
  }

  /** The sweep's many-row updates can deadlock with an import's or an evaluation's; it then runs again. */
  sweep(): Promise<EngineOutcome> {
    return this.transactions.runRetryingDeadlocks(async (manager) => {
      const last = await this.requests.lastUnprocessed(manager);
      const outcome = await this.run(manager, null, []);
      if (last) await this.requests.markProcessed(manager, last);
      await this.requests.purgeProcessed(manager);
      // Last: it holds report_counts against other writers until the commit.
      await this.reportCounts.recount(manager, null, []);
      return outcome;
    });
  }

  private async run(manager: EntityManager, scope: string | null, params: unknown[]): Promise<EngineOutcome> {
    const statusEvents = await this.services.refreshCurrentStatuses(manager, scope, params, true);
    const rows = await this.findings.reconcile(manager, scope, params);
    const findingEvents = await this.events.record(manager, eventsOf(rows));
    const outcome = {
      opened: rows.filter((r) => r.change === 'opened').length,
      severityChanged: rows.filter((r) => r.change === 'changed' && r.previous_severity !== r.severity).length,
      resolved: rows.filter((r) => r.change === 'resolved').length,
      statusesChanged: statusEvents.length,
      eventIds: [...statusEvents, ...findingEvents],
    };
    if (outcome.opened || outcome.resolved || outcome.severityChanged) {
      this.logger.log(`findings: ${outcome.opened} opened, ${outcome.severityChanged} re-rated, ${outcome.resolved} resolved`);
    }
    return outcome;
  }
}

/** What a reconciliation changed, as events (a re-rating to the same severity is none). */
function eventsOf(rows: ReconcileRow[]) {
  return rows
    .filter((r) => r.change !== 'changed' || r.previous_severity !== r.severity)
    .map((r) => ({
      type: EVENT_TYPE[r.change],
      serviceId: r.service_id,
      data: { findingId: r.id, kind: r.kind, severity: r.severity, previousSeverity: r.previous_severity, resolution: r.resolution, details: r.details },
    }));
}
