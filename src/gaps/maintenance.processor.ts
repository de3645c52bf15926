import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { AvailabilityRepository } from '../availability/availability.repository';
import { AppConfig } from '../config/app-config';
import { delayUntilPassed, Enqueuer } from '../jobs/enqueuer';
import { type JobOf, JobName, jobIds, QueueName, unknownJob, workerTimings } from '../jobs/jobs';
import { FallbackChannelsRepository } from '../line-services/fallback-channels.repository';
import { StatusChangesRepository } from '../line-services/status-changes.repository';
import { EventsRepository } from '../notifications/events.repository';
import { DeadlinesRepository } from './deadlines.repository';
import { EvaluationRequestsRepository } from './evaluation-requests.repository';
import { GapsEngine } from './gaps-engine';

const RELAY_BATCH = 5000;

const SCHEDULER_REFRESH_MS = 30_000;

/** How long the availability change log keeps what changed: API instances further behind rebuild their index whole. */
const AVAILABILITY_CHANGES_KEPT_MS = 24 * 3600_000;

/** The id of the sweep's job scheduler; its absence tells that Redis came back empty. */
const SWEEP_SCHEDULER = 'sweep';

/**
 * The sweep (every finding of every service, set-based, on a BullMQ job scheduler) and
 * the outbox relay (work written to PostgreSQL that could not be enqueued, e.g. while
 * Redis was down). The relay runs on a timer in each worker process rather than as a job:
 * it must work exactly when Redis has just come back empty (it keeps nothing on disk), and
 * it then also puts the sweep's scheduler back.
 */
@Processor(QueueName.Maintenance, { concurrency: 1, ...workerTimings() })
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Maintenance');
  private timer?: NodeJS.Timeout;
  private relaying = false;
  private lastSchedulerRefresh = 0;

  constructor(
    private readonly engine: GapsEngine,
    private readonly enqueuer: Enqueuer,
    private readonly config: AppConfig,
    private readonly requests: EvaluationRequestsRepository,
    private readonly changes: StatusChangesRepository,
    private readonly channels: FallbackChannelsRepository,
    private readonly events: EventsRepository,
    private readonly availability: AvailabilityRepository,
    private readonly deadlines: DeadlinesRepository,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  /** Connection errors while Redis is away: BullMQ reconnects by itself; the relay catches up. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.debug(`${error.message}`);
  }

  onApplicationBootstrap(): void {
    this.queue.on('error', (error) => this.logger.debug(`maintenance queue: ${error.message}`));
    this.timer = setInterval(() => void this.tick(), this.config.RELAY_INTERVAL_MS);
    void this.tick();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async process(job: JobOf<QueueName.Maintenance>): Promise<unknown> {
    if (job.name === JobName.Sweep) return this.sweep();
    throw unknownJob(QueueName.Maintenance, job);
  }

  private async tick(): Promise<void> {
    if (this.relaying) return;
    this.relaying = true;
    try {
      // Every 30 s, and at once when Redis has come back empty (a restart loses every
      // delayed job, and those due in the next seconds must not wait for the next refresh).
      if (Date.now() - this.lastSchedulerRefresh > SCHEDULER_REFRESH_MS || !(await this.queue.getJobScheduler(SWEEP_SCHEDULER))) {
        await this.queue.upsertJobScheduler(SWEEP_SCHEDULER, { every: this.config.SWEEP_INTERVAL_MS }, { name: JobName.Sweep });
        await this.rescheduleUpcoming();
        this.lastSchedulerRefresh = Date.now();
      }
      await this.relay();
    } catch (error) {
      this.logger.warn(`relay: ${(error as Error).message}`);
    } finally {
      this.relaying = false;
    }
  }

  private async sweep() {
    const started = Date.now();
    const { eventIds, ...findings } = await this.engine.sweep();
    await this.enqueuer.dispatch(eventIds);
    const outcome = { ...findings, availabilityChangesPruned: await this.availability.pruneChanges(new Date(Date.now() - AVAILABILITY_CHANGES_KEPT_MS)) };
    this.logger.log(`sweep in ${Date.now() - started} ms: ${JSON.stringify(outcome)}`);
    return { ...outcome, ms: Date.now() - started };
  }

  /** Re-enqueues with the same job ids the API would have used, so nothing runs twice. */
  private async relay() {
    const requests = await this.requests.unprocessed(RELAY_BATCH);
    // Delayed jobs live in Redis, which keeps nothing on disk: re-add those of scheduled
    // changes (recorded before their time) and of channel validity boundaries (written
    // before they passed) that came due. Immediate ones went by the outbox.
    const due = await this.changes.dueInTheLastMinute();
    const passed = await this.channels.boundariesInTheLastMinute();
    const events = await this.events.undispatched(RELAY_BATCH);
    await this.enqueuer.evaluateMany([
      ...requests.map((r) => ({ serviceId: r.service_id, jobId: jobIds.evaluation(r.last) })),
      ...due.map((c) => ({ serviceId: c.service_id, jobId: jobIds.scheduled(c.id) })),
    ]);
    await this.enqueuer.evaluateAtBoundaries(passed);
    await this.enqueuer.dispatch(events);
    return { evaluations: requests.length, due: due.length, boundaries: passed.length, events: events.length };
  }

  /**
   * Delayed jobs for the changes due, the channel boundaries and the deadlines (stale
   * records, switch days) coming in the next minutes
   * (the window is larger than the refresh interval, so each gets one even if Redis lost
   * the API's), with the job ids the API used, so none runs twice.
   */
  private async rescheduleUpcoming(): Promise<void> {
    const pending = await this.changes.dueInTheNextTenMinutes();
    await this.enqueuer.evaluateMany(
      pending.map((c) => ({ serviceId: c.service_id, jobId: jobIds.scheduled(c.id), delay: c.effective_at.getTime() - Date.now() })),
    );
    const boundaries = await this.channels.boundariesInTheNextTenMinutes();
    await this.enqueuer.evaluateAtBoundaries(boundaries);
    const deadlines = await this.deadlines.upcoming();
    await this.enqueuer.evaluateMany(deadlines.map((d) => ({ serviceId: d.serviceId, jobId: jobIds.deadline(d.serviceId, d.reason, d.at), delay: delayUntilPassed(d.at) })));
  }
}
