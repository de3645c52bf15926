import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import Redis from 'ioredis';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AvailabilityModule } from './availability/availability.module';
import { ETagInterceptor } from './common/etag.interceptor';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { GapsModule } from './gaps/gaps.module';
import { HolidaysModule } from './hours/holidays.repository';
import { HealthModule } from './health/health.module';
import { HoursInterchangeModule } from './hours/hours-interchange.module';
import { ImportsModule } from './imports/imports.module';
import { JobsModule } from './jobs/jobs.module';
import { LineServicesModule } from './line-services/line-services.module';
import { LoggingModule } from './logging/logging.module';
import { LocalGovernmentsModule } from './local-governments/local-governments.module';
import { NationalBodiesModule } from './national-bodies/national-bodies.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PagesModule } from './pages/pages.module';
import { REDIS, RedisModule } from './redis/redis.module';
import { RedisThrottlerStorage } from './common/rate-limit';
import { AppConfig } from './config/app-config';
import { ReportsModule } from './reports/reports.module';

/** The HTTP API: records and enqueues; the worker (worker.module.ts) does the rest. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    DatabaseModule.forRoot('line-tracker-api'),
    RedisModule,
    JobsModule.forRoot('api'),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        storage: new RedisThrottlerStorage(redis, config.QUEUE_PREFIX),
        getTracker: clientOf,
        generateKey: (_context, tracker, name) => `${name}:${tracker}`,
      }),
    }),
    AccessModule,
    HolidaysModule,
    LocalGovernmentsModule,
    NationalBodiesModule,
    LineServicesModule,
    HoursInterchangeModule,
    AvailabilityModule,
    GapsModule,
    NotificationsModule,
    ReportsModule,
    ImportsModule,
    HealthModule,
    AdminModule,
    PagesModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class AppModule {}

/** Limited per client address (behind a proxy, set TRUST_PROXY so it is the real one). */
function clientOf(req: Record<string, unknown>): string {
  return `ip:${(req as unknown as Request).ip}`;
}
