import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { describeQueryError } from '../database/query-logger';

export type JobOutcome = 'completed' | 'retrying' | 'failed';

/** One log line's fields for a finished attempt. The job's data is never logged. */
export function jobLine(queue: string, job: Job, outcome: JobOutcome, error?: Error) {
  const durationMs = job.processedOn ? (job.finishedOn ?? Date.now()) - job.processedOn : undefined;
  return { queue, job: job.name, jobId: job.id, attempt: job.attemptsMade, durationMs, outcome, ...(error ? { error: describeJobError(error) } : {}) };
}

/** A database error by its SQLSTATE only (its message can quote values); others by message. */
export function describeJobError(error: Error): string {
  if ((error as { driverError?: unknown }).driverError) return describeQueryError(error);
  return error.message.slice(0, 200);
}

/**
 * A line per job attempt for every processor, in one place: the BullMQ workers' own
 * `completed` and `failed` events (a failed attempt that will be retried is `retrying`, at warn).
 */
@Injectable()
export class JobLog implements OnApplicationBootstrap {
  private readonly logger = new Logger('jobs');

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.instance instanceof WorkerHost) this.listen(wrapper.instance.worker);
    }
  }

  private listen(worker: Worker): void {
    worker.on('completed', (job) => this.logger.log(jobLine(worker.name, job, 'completed'), `job ${job.name} completed`));
    worker.on('failed', (job, error) => {
      if (!job) return;
      const retrying = job.attemptsMade < (job.opts.attempts ?? 1);
      const line = jobLine(worker.name, job, retrying ? 'retrying' : 'failed', error);
      if (retrying) this.logger.warn(line, `job ${job.name} failed, will retry`);
      else this.logger.error(line, `job ${job.name} failed`);
    });
  }
}
