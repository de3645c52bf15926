import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { type ChannelBoundary, JOB_QUEUE, JobName, type JobPayload, jobIds, QUEUES, QueueName, type Queues } from './jobs';

const ENQUEUE_TIMEOUT_MS = 1000;

/**
 * The API's side of the queues. Work is always recorded in PostgreSQL first (the outbox);
 * enqueueing here only makes it fast. When Redis is away the call fails quietly and the
 * worker's relay or sweep picks the work up from the database later.
 */
@Injectable()
export class Enqueuer implements OnModuleInit {
  private readonly logger = new Logger('Enqueuer');

  constructor(@Inject(QUEUES) private readonly queues: Queues) {}

  async onModuleInit(): Promise<void> {
    // A queue without an error listener would crash the process when Redis goes away.
    for (const queue of Object.values(this.queues)) queue.on('error', (error) => this.logger.debug(`${queue.name}: ${error.message}`));
    // Connect before the first request (the API's connection does not queue commands), but
    // do not refuse to start without Redis: writes still work, the relay catches up.
    const ready = await Promise.all(
      [this.queues[QueueName.Evaluation], this.queues[QueueName.Webhooks]].map((queue) => this.guard(queue, queue.waitUntilReady(), 3000)),
    );
    if (ready.includes(false)) this.logger.warn('started without Redis; jobs will be relayed from the database when it is back');
  }

  /** Evaluate a service now, for an outbox request. */
  evaluate(serviceId: string, requestId: string | number): Promise<boolean> {
    return this.add(JobName.Evaluate, { serviceId }, { jobId: jobIds.evaluation(requestId) });
  }

  /** Evaluate a service when its scheduled change takes effect. */
  evaluateAt(serviceId: string, statusChangeId: string | number, at: Date): Promise<boolean> {
    const delay = Math.max(0, at.getTime() - Date.now());
    return this.add(JobName.Evaluate, { serviceId }, { jobId: jobIds.scheduled(statusChangeId), delay });
  }

  /**
   * Evaluate services when their channels' validity starts or ends (those still ahead get a
   * delayed job; those passed, an immediate one), in one round trip.
   */
  evaluateAtBoundaries(boundaries: ChannelBoundary[]): Promise<boolean> {
    return this.evaluateMany(
      boundaries.map((b) => ({ serviceId: b.serviceId, jobId: jobIds.boundary(b.channelId, b.edge, b.at), delay: delayUntilPassed(b.at) })),
    );
  }

  /** Many evaluations at once (relay, start-up), each with its own job id. */
  evaluateMany(jobs: { serviceId: string; jobId: string; delay?: number }[]): Promise<boolean> {
    if (jobs.length === 0) return Promise.resolve(true);
    return this.bulk(
      JobName.Evaluate,
      jobs.map(({ serviceId, jobId, delay }) => ({ data: { serviceId }, opts: { jobId, ...(delay ? { delay } : {}) } })),
    );
  }

  dispatch(eventIds: string[]): Promise<boolean> {
    if (eventIds.length === 0) return Promise.resolve(true);
    return this.bulk(
      JobName.Dispatch,
      eventIds.map((eventId) => ({ data: { eventId }, opts: { jobId: jobIds.dispatch(eventId) } })),
    );
  }

  /** One job, on its queue (JOB_QUEUE). False, and a warning, when Redis does not take it. */
  add<N extends JobName>(name: N, data: JobPayload[N], opts: JobsOptions): Promise<boolean> {
    const queue = this.queues[JOB_QUEUE[name]];
    return this.guard(queue, queue.add(name, data, opts));
  }

  /** Many jobs of one name, on its queue, in one round trip. */
  bulk<N extends JobName>(name: N, jobs: { data: JobPayload[N]; opts: JobsOptions }[]): Promise<boolean> {
    const queue = this.queues[JOB_QUEUE[name]];
    return this.guard(queue, queue.addBulk(jobs.map(({ data, opts }) => ({ name, data, opts }))));
  }

  private async guard(queue: Queue, work: Promise<unknown>, timeoutMs = ENQUEUE_TIMEOUT_MS): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis in ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([work, timeout]);
      return true;
    } catch (error) {
      work.catch(() => undefined);
      this.logger.warn(`could not enqueue on ${queue.name} (the relay will): ${(error as Error).message}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The delay of a job that must run once `at` has passed: a millisecond more than the time
 * left, as the stored bound may carry microseconds that a JavaScript date drops. BullMQ
 * runs a delayed job no earlier than its creation time plus the delay, so never early.
 */
export function delayUntilPassed(at: Date, now = Date.now()): number {
  return Math.max(0, at.getTime() + 1 - now);
}
