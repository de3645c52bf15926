import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { AccessModule } from './access/access.module';
import { TokensService } from './access/tokens.service';
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
import { MetricsModule } from './metrics/metrics.module';
import { NationalBodiesModule } from './national-bodies/national-bodies.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PagesModule } from './pages/pages.module';
import { REDIS, RedisModule } from './redis/redis.module';
import { rateLimitOptions } from './common/rate-limit';
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
      imports: [AccessModule],
      inject: [AppConfig, REDIS, TokensService],
      useFactory: (config: AppConfig, redis: Redis, tokens: TokensService) =>
        rateLimitOptions({
          redis,
          prefix: config.QUEUE_PREFIX,
          perAddressPerMinute: config.RATE_LIMIT_PER_MINUTE,
          writesPerTokenPerMinute: config.RATE_LIMIT_WRITES_PER_MINUTE,
          liveTokenIdOf: async (req) => {
            const check = await tokens.checkRequest(req);
            return check.ok ? check.token.id : null;
          },
        }),
    }),
    AccessModule,
    HolidaysModule,
    LocalGovernmentsModule,
    NationalBodiesModule,
    OrganizationsModule,
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
    MetricsModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
    { provide: APP_GUARD, useClass: ThrottlerGuard },
  ],
})
export class AppModule {}

