import { Injectable, Logger, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import { LineServicesRepository } from '../line-services/line-services.repository';
import { FindingLatency } from '../metrics/finding-latency';
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
    @Optional() private readonly latency?: FindingLatency,
  ) {}

  async evaluate(serviceId: string): Promise<EngineOutcome> {
    const { outcome, latencies } = await this.transactions.runRetryingDeadlocks(async (manager) => {
      // Serialised with the API's writes to this service, so what it reads is what it updates.
      await this.services.lock(manager, serviceId);
      const last = await this.requests.lastUnprocessed(manager, serviceId);
      const { outcome, opened } = await this.run(manager, '= ANY($1::uuid[])', [[serviceId]]);
      const waits = last ? await this.requests.markProcessed(manager, last, serviceId) : NO_WAITS;
      // Last: it holds the operator's row of report_counts until the commit.
      await this.reportCounts.recount(manager, '= ANY($1::uuid[])', [[serviceId]]);
      return { outcome, latencies: latenciesOf(opened, waits) };
    });
    this.latency?.observe(latencies);
    return outcome;
  }

  /** The sweep's many-row updates can deadlock with an import's or an evaluation's; it then runs again. */
  async sweep(): Promise<EngineOutcome> {
    const { outcome, latencies } = await this.transactions.runRetryingDeadlocks(async (manager) => {
      const last = await this.requests.lastUnprocessed(manager);
      const { outcome, opened } = await this.run(manager, null, []);
      const waits = last ? await this.requests.markProcessed(manager, last) : NO_WAITS;
      await this.requests.purgeProcessed(manager);
      // Last: it holds report_counts against other writers until the commit.
      await this.reportCounts.recount(manager, null, []);
      return { outcome, latencies: latenciesOf(opened, waits) };
    });
    this.latency?.observe(latencies);
    return outcome;
  }

  /** What changed, and the services of the findings it opened. */
  private async run(manager: EntityManager, scope: string | null, params: unknown[]): Promise<{ outcome: EngineOutcome; opened: string[] }> {
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
    return { outcome, opened: rows.filter((r) => r.change === 'opened').map((r) => r.service_id) };
  }
}

const NO_WAITS = new Map<string, number>();

/**
 * How long each finding opened waited since the write that asked for its evaluation (its
 * service's oldest outbox row covered), observed after the commit so that a transaction run
 * again does not count twice. Findings no write asked for (a scheduled change or a channel's
 * end coming due) are not counted.
 */
function latenciesOf(openedServiceIds: string[], waits: Map<string, number>): number[] {
  return openedServiceIds.flatMap((id) => {
    const waited = waits.get(id);
    return waited === undefined ? [] : [waited];
  });
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
