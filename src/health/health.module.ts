import { Controller, Get, Inject, Module, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ALL_QUEUES, QUEUES, type Queues } from '../jobs/jobs';
import { REDIS } from '../redis/redis.module';

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
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer; the queues and how many workers serve them.' })
  @ApiServiceUnavailableResponse({ description: 'One of them does not; the body says which.' })
  check() {
    return this.health.check([
      () => this.database.pingCheck('database').withTimeout(1500),
      () => this.indicators.check('redis').attempt(async () => { await this.redis.ping(); }).withTimeout(1500),
      () => this.indicators.check('queues').attempt(() => this.queueReport()).withTimeout(1500),
    ]);
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
