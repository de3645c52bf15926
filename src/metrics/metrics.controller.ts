import { CanActivate, Controller, ExecutionContext, Get, Header, Injectable, NotFoundException, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request } from 'express';
import { Registry } from 'prom-client';
import { unauthorized } from '../common/errors';
import { AppConfig } from '../config/app-config';
import { ApiMetrics } from './api-metrics';
import { metricsAccess } from './metrics';

/** Lets Prometheus in with METRICS_TOKEN; without that setting the endpoint does not exist. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const access = metricsAccess(this.config.METRICS_TOKEN, context.switchToHttp().getRequest<Request>().header('authorization'));
    // The answer of a path no route matches: nothing tells that the endpoint exists.
    if (access === 404) throw new NotFoundException('Cannot GET /metrics');
    if (access === 401) throw unauthorized('the metrics token is required');
    return true;
  }
}

/** Prometheus's scrape: not in the OpenAPI document, not rate-limited (one scrape every few seconds). */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(MetricsTokenGuard)
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(private readonly metrics: ApiMetrics) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> { return this.metrics.registry.metrics(); }
}
