import type { JobsOptions, WorkerOptions } from 'bullmq';
import { validateConfig } from '../config/app-config';

/** Every queue and job of the tracker, with its payload. */
export enum QueueName {
  Evaluation = 'evaluation',
  Maintenance = 'maintenance',
  Webhooks = 'webhooks',
}

export enum JobName {
  /** Recompute the findings of one service (also: apply its scheduled change that came due). */
  Evaluate = 'evaluate',
  /** Recompute every finding of every service, set-based. */
  Sweep = 'sweep',
  /** Fan an event out to the matching webhook subscriptions. */
  Dispatch = 'dispatch',
  /** POST one event to one subscriber. */
  Deliver = 'deliver',
}

export interface EvaluateJob {
  serviceId: string;
}

export interface DispatchJob {
  eventId: string;
}

export interface DeliverJob {
  eventId: string;
  subscriptionId: string;
}

/** Retries with backoff; completed jobs linger an hour so their ids keep deduplicating. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export const jobIds = {
  evaluation: (requestId: string | number) => `eval-${requestId}`,
  scheduled: (statusChangeId: string | number) => `scheduled-${statusChangeId}`,
  dispatch: (eventId: string) => `dispatch-${eventId}`,
  deliver: (eventId: string, subscriptionId: string) => `deliver-${eventId}-${subscriptionId}`,
};

/**
 * The lock and stalled-check timings of every worker, from the configuration. Processor
 * options are read when the decorator runs (at import), before Nest's configuration exists,
 * so this validates the environment itself, with the same rules and message.
 */
export function workerTimings(): Pick<WorkerOptions, 'lockDuration' | 'stalledInterval'> {
  const config = validateConfig(process.env);
  return { lockDuration: config.WORKER_LOCK_DURATION_MS, stalledInterval: config.WORKER_STALLED_INTERVAL_MS };
}
