import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiMetrics } from './api-metrics';
import { routeLabel } from './metrics';

/**
 * Times every request, including those refused by a guard (401, 429) and those no route
 * matched (404), which an interceptor would not see; and those whose handler writes the
 * response itself (the availability answer, through @Res()). It observes on `finish`, when
 * Express has set `req.route`; a request the client abandoned is not counted.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: ApiMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const mountedAt: unknown = req.route;
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics.observeRequest(req.method, routeLabel(req, mountedAt), res.statusCode, seconds);
    });
    next();
  }
}
