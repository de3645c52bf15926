import { Controller, Get, Inject, Module, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ALL_QUEUES, QUEUES, type Queues } from '../jobs/jobs';
import { REDIS } from '../redis/redis.module';
import { CHECK_TIMEOUT_MS, optional } from './checks';

/**
 * The API's probes. The API needs PostgreSQL to serve; without Redis it still serves (writes
 * go to the outbox and are enqueued when Redis is back), so Redis down is `degraded` with
 * 200, never a reason to take the instance out of the load balancer.
 */
@ApiTags('health')
@SkipThrottle()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  private readonly queues: Queue[];

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) queues: Queues,
  ) {
    this.queues = ALL_QUEUES.map((name) => queues[name]);
  }

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'For people: PostgreSQL, Redis, the queues and how many workers serve them. `status` is `ok`, or `degraded` when Redis (and so the queues) is down: the API still serves.' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL does not answer; the body says which check failed.' })
  check() {
    return this.health.check([() => this.databaseCheck(), () => this.redisCheck(), () => optional(this.indicators.check('queues').attempt(() => this.queueReport()).withTimeout(CHECK_TIMEOUT_MS))]);
  }

  @Get('live')
  @ApiOkResponse({ description: 'Liveness: the process serves HTTP. Checks nothing else.' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Readiness: PostgreSQL answers. `degraded` (still 200) when Redis is down.' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL does not answer: take this instance out of service.' })
  ready() {
    return this.health.check([() => this.databaseCheck(), () => this.redisCheck()]);
  }

  private databaseCheck() {
    return this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS);
  }

  private redisCheck() {
    return optional(this.indicators.check('redis').attempt(async () => { await this.redis.ping(); }).withTimeout(CHECK_TIMEOUT_MS));
  }

  private async queueReport() {
    const entries = await Promise.all(
      this.queues.map(async (queue) => {
        const [counts, workers] = await Promise.all([queue.getJobCounts('waiting', 'active', 'delayed', 'failed'), queue.getWorkersCount()]);
        return [queue.name, { ...counts, workers }] as const;
      }),
    );
    return Object.fromEntries(entries);
  }
}

@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
