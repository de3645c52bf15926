import { HttpException, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config';
import { ALL_QUEUES, QUEUES, type Queues } from '../jobs/jobs';
import { CHECK_TIMEOUT_MS, within } from './checks';

/**
 * The worker's probes, on a port of their own (WORKER_HEALTH_PORT; the worker serves no other
 * HTTP). A worker does its job only with both PostgreSQL and Redis, so either down is 503.
 */
@Injectable()
export class WorkerHealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHealth');
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(QUEUES) private readonly queues: Queues,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.WORKER_HEALTH_PORT === 0) return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.WORKER_HEALTH_PORT, () => resolve());
    });
    this.server = server;
    this.logger.log(`probes on http://localhost:${this.port}/health/live and /health/ready`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The port listened on (WORKER_HEALTH_PORT, or the one the system picked). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  /** Readiness: PostgreSQL and Redis both answer. Throws a 503 HttpException otherwise. */
  ready() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
      () => this.indicators.check('redis').attempt(() => this.pingRedis()).withTimeout(CHECK_TIMEOUT_MS),
    ]);
  }

  /** A round trip through the workers' own connection (it waits for a reconnect, hence `within`). */
  private async pingRedis(): Promise<void> {
    await within(this.queues[ALL_QUEUES[0]].getJobCounts('waiting'), CHECK_TIMEOUT_MS, 'Redis');
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { statusCode: 405, error: 'Method Not Allowed', message: 'only GET' });
    if (path === '/health/live') return send(res, 200, { status: 'ok' });
    if (path !== '/health/ready') return send(res, 404, { statusCode: 404, error: 'Not Found', message: 'probes are /health/live and /health/ready' });
    try {
      send(res, 200, await this.ready());
    } catch (error) {
      if (error instanceof HttpException) return send(res, error.getStatus(), error.getResponse());
      this.logger.error(`readiness check failed: ${error instanceof Error ? error.message : String(error)}`);
      send(res, 500, { statusCode: 500, error: 'Internal Server Error', message: 'readiness check failed' });
    }
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

@Module({ imports: [TerminusModule], providers: [WorkerHealthServer], exports: [WorkerHealthServer] })
export class WorkerHealthModule {}
