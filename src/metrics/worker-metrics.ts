import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Job } from 'bullmq';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Histogram, Registry } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { FindingLatency } from './finding-latency';
import { createRegistry, JOB_BUCKETS, LATENCY_BUCKETS, METRIC_PREFIX, metricsAccess } from './metrics';

/**
 * The worker process's metrics. Jobs run here, not in the API, so their durations are
 * measured here, from BullMQ's own timestamps, for the jobs this process ran; each worker
 * serves them on its own port (WORKER_METRICS_PORT) and Prometheus sums the workers.
 */
@Injectable()
export class WorkerMetrics extends FindingLatency implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly registry: Registry = createRegistry();
  private server?: Server;

  private readonly jobDuration = new Histogram({
    name: `${METRIC_PREFIX}job_duration_seconds`,
    help: 'Time BullMQ jobs took to run in this worker, by queue, job name and outcome (each failed attempt counts).',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  private readonly changeToFinding = new Histogram({
    name: `${METRIC_PREFIX}change_to_finding_seconds`,
    help: 'Seconds from the write that asked for an evaluation (its outbox row) to the finding that evaluation opened.',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** After every module's init, when @nestjs/bullmq has created the BullMQ workers. */
  onApplicationBootstrap(): void {
    for (const { instance } of this.discovery.getProviders()) {
      if (instance instanceof WorkerHost) this.time(instance);
    }
    if (this.config.WORKER_METRICS_PORT > 0) {
      this.server = createServer(metricsHandler(this.registry, this.config.METRICS_TOKEN));
      this.server.on('error', (error) => this.logger.error(`metrics port ${this.config.WORKER_METRICS_PORT}: ${error.message}`));
      this.server.listen(this.config.WORKER_METRICS_PORT);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  observe(seconds: number[]): void {
    for (const s of seconds) this.changeToFinding.observe(s);
  }

  private time(host: WorkerHost): void {
    const worker = host.worker;
    worker.on('completed', (job) => this.observeJob(worker.name, job, 'completed'));
    worker.on('failed', (job) => this.observeJob(worker.name, job, 'failed'));
  }

  private observeJob(queue: string, job: Job | undefined, outcome: 'completed' | 'failed'): void {
    if (!job?.processedOn || !job.finishedOn) return;
    this.jobDuration.observe({ queue, job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
  }
}

/**
 * A node:http request handler serving `registry` on GET /metrics, with the rules of the API's
 * endpoint (404 without METRICS_TOKEN, 401 without the right bearer token). Mountable in any
 * plain HTTP server of the worker.
 */
export function metricsHandler(registry: Registry, token: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0];
    const access = path === '/metrics' && req.method === 'GET' ? metricsAccess(token, req.headers.authorization) : 404;
    if (access !== 200) {
      res.writeHead(access, { 'Content-Type': 'text/plain; charset=utf-8' }).end(access === 401 ? 'the metrics token is required\n' : 'not found\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' }).end(text),
      () => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  };
}
