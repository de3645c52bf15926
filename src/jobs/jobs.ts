import type { Job, JobsOptions, Queue, WorkerOptions } from 'bullmq';
import { validateConfig } from '../config/app-config';

/** Every queue and job of the tracker, with its payload and its queue. */
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

/** The sweep carries nothing: its scheduler's template has no data, which BullMQ stores as `{}`. */
export type SweepJob = Record<string, never>;

export interface DispatchJob {
  eventId: string;
}

export interface DeliverJob {
  eventId: string;
  subscriptionId: string;
}

/** What each job carries. */
export interface JobPayload {
  [JobName.Evaluate]: EvaluateJob;
  [JobName.Sweep]: SweepJob;
  [JobName.Dispatch]: DispatchJob;
  [JobName.Deliver]: DeliverJob;
}

/** The queue each job goes to. */
export const JOB_QUEUE = {
  [JobName.Evaluate]: QueueName.Evaluation,
  [JobName.Sweep]: QueueName.Maintenance,
  [JobName.Dispatch]: QueueName.Webhooks,
  [JobName.Deliver]: QueueName.Webhooks,
} as const satisfies Record<JobName, QueueName>;

/** Every queue, in the enum's order: registration, health and the dashboard all list these. */
export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

/** The names of the jobs that go to queue `Q`. */
export type JobNameOn<Q extends QueueName> = { [N in JobName]: (typeof JOB_QUEUE)[N] extends Q ? N : never }[JobName];

/** A job of name `N`, with its payload. */
export type NamedJob<N extends JobName> = Job<JobPayload[N], unknown, N>;

/** What a processor of queue `Q` receives: one of its jobs, told apart by `job.name`. */
export type JobOf<Q extends QueueName> = { [N in JobNameOn<Q>]: NamedJob<N> }[JobNameOn<Q>];

/** One job of many to add at once: a name of `N` with that job's payload. */
export type JobToAdd<N extends JobName> = { [M in N]: { name: M; data: JobPayload[M]; opts?: JobsOptions } }[N];

/**
 * Queue `Q` as a producer sees it: it takes only its own jobs, each with its payload. The
 * object is BullMQ's Queue; only the type is narrower.
 */
export interface ProducerQueue<Q extends QueueName> {
  readonly name: string;
  add<N extends JobNameOn<Q>>(name: N, data: JobPayload[N], opts?: JobsOptions): Promise<Job>;
  addBulk(jobs: JobToAdd<JobNameOn<Q>>[]): Promise<Job[]>;
}

/** Provider token of every queue by name (see JobsModule). */
export const QUEUES = 'line-tracker:queues';

/** Every queue by name. */
export type Queues = { readonly [Q in QueueName]: Queue };

/**
 * The error for a job its processor does not handle (one left in Redis by another version,
 * say). Where a processor has handled every job of its queue, TypeScript types what is left
 * `never`; its name is read all the same.
 */
export function unknownJob(queue: QueueName, job: Pick<Job, 'name'>): Error {
  return new Error(`unknown ${queue} job ${job.name}`);
}

/** Retries with backoff; completed jobs linger an hour so their ids keep deduplicating. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Which end of a fallback channel's validity: when it becomes valid, or when it stops being valid. */
export type ChannelEdge = 'from' | 'until';

/** A channel's validity starting or ending at `at`: the findings of its service may change then. */
export interface ChannelBoundary {
  serviceId: string;
  channelId: string;
  edge: ChannelEdge;
  at: Date;
}

export const jobIds = {
  evaluation: (requestId: string | number) => `eval-${requestId}`,
  scheduled: (statusChangeId: string | number) => `scheduled-${statusChangeId}`,
  /**
   * The evaluation at a channel's validity boundary. The instant is part of the id: a
   * boundary moved by a PATCH gets a job of its own (the old one, if still waiting, runs an
   * evaluation that changes nothing), and re-adding the same boundary collapses.
   */
  boundary: (channelId: string, edge: ChannelEdge, at: Date) => `boundary-${channelId}-${edge}-${at.getTime()}`,
  /** The evaluation at an instant a finding comes due with time (a record going stale, a switch day): the instant is part of the id, as for boundaries. */
  deadline: (serviceId: string, reason: string, at: Date) => `deadline-${serviceId}-${reason}-${at.getTime()}`,
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
