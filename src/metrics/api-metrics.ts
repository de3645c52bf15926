import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Gauge, Histogram, Registry } from 'prom-client';
import { FINDING_KINDS, SEVERITIES } from '../gaps/gap-rules';
import { ALL_QUEUES, QUEUES, type Queues } from '../jobs/jobs';
import { createRegistry, HTTP_BUCKETS, METRIC_PREFIX } from './metrics';
import { MetricsRepository, OpenFindingCount } from './metrics.repository';

/** The queue states an operator watches (completed jobs are only kept for deduplication). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** How long one reading of PostgreSQL serves scrapes: several Prometheus servers or API instances cost one query each per interval. */
const DATABASE_READING_MS = 5000;
/** A scrape must answer even when Redis does not: the queue series are then left out. */
const QUEUE_READING_TIMEOUT_MS = 1000;

interface DatabaseReading {
  findings: OpenFindingCount[];
  outboxAge: number;
}

/**
 * The API process's metrics: its HTTP requests, and the shared state an operator watches
 * (queue depths in Redis, open findings and the outbox in PostgreSQL), read on scrape.
 * Every API instance reports the same shared figures: aggregate them with max(), not sum().
 */
@Injectable()
export class ApiMetrics {
  private readonly logger = new Logger('Metrics');
  readonly registry: Registry = createRegistry();
  private readonly queues: Queue[];
  private reading?: { at: number; value: Promise<DatabaseReading> };

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  constructor(
    private readonly repository: MetricsRepository,
    @Inject(QUEUES) queues: Queues,
  ) {
    this.queues = ALL_QUEUES.map((name) => queues[name]);
    const queueJobs: Gauge<'queue' | 'state'> = new Gauge({
      name: `${METRIC_PREFIX}queue_jobs`,
      help: 'Jobs in each BullMQ queue by state (left out when Redis does not answer).',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      collect: async () => {
        queueJobs.reset();
        for (const [queue, counts] of await this.queueCounts()) {
          for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
    const openFindings: Gauge<'kind' | 'severity'> = new Gauge({
      name: `${METRIC_PREFIX}open_findings`,
      help: 'Open findings (gaps) by kind and severity.',
      labelNames: ['kind', 'severity'] as const,
      registers: [this.registry],
      collect: async () => {
        openFindings.reset();
        const reading = await this.databaseReading();
        if (!reading) return;
        // Every combination, zeros included, so that an alert on one sees it fall back to 0.
        for (const kind of FINDING_KINDS) for (const severity of SEVERITIES) openFindings.set({ kind, severity }, 0);
        for (const { kind, severity, count } of reading.findings) openFindings.set({ kind, severity }, count);
      },
    });
    const outboxAge: Gauge = new Gauge({
      name: `${METRIC_PREFIX}outbox_oldest_unprocessed_age_seconds`,
      help: 'Age of the oldest evaluation request (outbox row) not yet processed by a worker; 0 when none is waiting.',
      registers: [this.registry],
      collect: async () => {
        outboxAge.reset();
        const reading = await this.databaseReading();
        if (reading) outboxAge.set(reading.outboxAge);
      },
    });
  }

  /** One finished request. Called on the response's `finish`: a few additions, no I/O. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  private async queueCounts(): Promise<[string, Record<string, number>][]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis in ${QUEUE_READING_TIMEOUT_MS} ms`)), QUEUE_READING_TIMEOUT_MS);
    });
    const counts = Promise.all(this.queues.map(async (queue) => [queue.name, await queue.getJobCounts(...QUEUE_STATES)] as [string, Record<string, number>]));
    try {
      return await Promise.race([counts, timeout]);
    } catch (error) {
      counts.catch(() => undefined);
      this.logger.debug(`queue depths: ${(error as Error).message}`);
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /** Both PostgreSQL readings, shared by the gauges of one scrape and by scrapes a few seconds apart. */
  private async databaseReading(): Promise<DatabaseReading | undefined> {
    if (!this.reading || Date.now() - this.reading.at > DATABASE_READING_MS) {
      const value = Promise.all([this.repository.openFindings(), this.repository.oldestUnprocessedOutboxAge()]).then(([findings, outboxAge]) => ({ findings, outboxAge }));
      this.reading = { at: Date.now(), value };
      value.catch(() => {
        if (this.reading?.value === value) this.reading = undefined;
      });
    }
    try {
      return await this.reading.value;
    } catch (error) {
      this.logger.warn(`metrics from PostgreSQL: ${(error as Error).message}`);
      return undefined;
    }
  }
}
