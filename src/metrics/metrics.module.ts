import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ApiMetrics } from './api-metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { MetricsRepository } from './metrics.repository';
import { FindingLatency } from './finding-latency';
import { WorkerMetrics } from './worker-metrics';

/** GET /metrics of the API (behind METRICS_TOKEN), and the timing of every request. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsRepository, ApiMetrics, HttpMetricsMiddleware],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/**
 * The worker's metrics: job durations and the time from a change to its finding, served on
 * WORKER_METRICS_PORT. Global, so the gaps engine can report the findings it opens.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [WorkerMetrics, { provide: FindingLatency, useExisting: WorkerMetrics }],
  exports: [FindingLatency],
})
export class MetricsWorkerModule {}
