import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, canWriteService } from '../access/actor';
import { AuditRecord, AuditService } from '../access/audit.service';
import { forbidden, notFound, preconditionFailed } from '../common/errors';
import { Transactions } from '../database/transactions';
import { EvaluationRequestsRepository } from '../gaps/evaluation-requests.repository';
import { Enqueuer } from '../jobs/enqueuer';
import { jobIds } from '../jobs/jobs';
import { ReportCountsRepository } from '../reports/report-counts.repository';
import { LineServicesRepository, LockedService, ServiceRow } from './line-services.repository';

export type { LockedService } from './line-services.repository';

export interface WriteContext {
  /** The locked service, with the version this write gives it. */
  service: LockedService;
  /** The service as it was before this write. */
  before: ServiceRow;
  audit: AuditFn;
}

export type AuditFn = (entry: Omit<AuditRecord, 'serviceId' | 'prefectureCode'>) => Promise<void>;

/**
 * Every write to a service or to its children goes through here: one transaction that
 * locks the service row, checks jurisdiction and If-Match, does the work, audits it and
 * bumps the service's version. Concurrent writers queue on the row lock, so a stale
 * If-Match always loses.
 */
@Injectable()
export class ServiceWrites {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly enqueuer: Enqueuer,
    private readonly services: LineServicesRepository,
    private readonly evaluationRequests: EvaluationRequestsRepository,
    private readonly reportCounts: ReportCountsRepository,
  ) {}

  async run<T>(actor: Actor, serviceId: string, ifMatch: number | undefined, work: (manager: EntityManager, context: WriteContext) => Promise<T>): Promise<{ result: T; version: number }> {
    const { result, version, requestId } = await this.transactions.run(async (manager) => {
      const service = await this.services.lockForWrite(manager, serviceId);
      if (!service) throw notFound(`service ${serviceId}`);
      this.authorize(actor, service);
      if (ifMatch !== undefined && ifMatch !== service.version) {
        throw preconditionFailed(`the service has changed: its version is ${service.version}, If-Match named ${ifMatch}`);
      }
      const before = (await this.services.findById(serviceId, manager))!;
      // The version moves first, so what the work reads back (and audits) is the new state.
      const version = await this.services.bumpVersion(manager, serviceId);
      const audit: AuditFn = (entry) => this.audit.record(manager, actor, { ...entry, serviceId, prefectureCode: service.prefecture_code });
      const result = await work(manager, { service: { ...service, version }, before, audit });
      return { result, version, requestId: await this.finishWrite(manager, serviceId) };
    });
    this.evaluateSoon(serviceId, requestId);
    return { result, version };
  }

  /**
   * The last step of every write, in its own transaction: records that the service's findings
   * must be recomputed (the outbox row survives a Redis outage; the job only makes it fast),
   * and recounts the report figures of its operator as the write leaves them. Returns the
   * request's id.
   */
  async finishWrite(manager: EntityManager, serviceId: string): Promise<string> {
    const requestId = await this.evaluationRequests.insert(manager, serviceId);
    await this.reportCounts.recount(manager, '= ANY($1::uuid[])', [[serviceId]]);
    return requestId;
  }

  /** The same for many services, set-based (bulk imports). Returns service id → request id. */
  async finishWrites(manager: EntityManager, serviceIds: string[]): Promise<Map<string, string>> {
    const requests = await this.evaluationRequests.insertMany(manager, serviceIds);
    await this.reportCounts.recount(manager, '= ANY($1::uuid[])', [serviceIds]);
    return requests;
  }

  /** After commit, for many services at once: best effort. */
  evaluateManySoon(requests: Map<string, string>): void {
    void this.enqueuer.evaluateMany([...requests].map(([serviceId, requestId]) => ({ serviceId, jobId: jobIds.evaluation(requestId) })));
  }

  /** After commit: best effort, never fails the request. */
  evaluateSoon(serviceId: string, requestId: string): void {
    void this.enqueuer.evaluate(serviceId, requestId);
  }

  authorize(actor: Actor, service: Omit<LockedService, 'id' | 'version'>): void {
    const allowed = canWriteService(actor, {
      localGovernmentCode: service.local_government_code,
      nationalBodyCode: service.national_body_code,
      organizationCode: service.organization_code,
      parentCode: service.parent_code,
      prefectureCode: service.prefecture_code,
    });
    if (!allowed) throw forbidden(`${actor.role === 'npo' ? 'an' : 'a'} ${actor.role} token${actor.scope ? ` for ${actor.scope}` : ''} may not write this service`);
  }
}
