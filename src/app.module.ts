import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AvailabilityModule } from './availability/availability.module';
import { ETagInterceptor } from './common/etag.interceptor';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { GapsModule } from './gaps/gaps.module';
import { HealthModule } from './health/health.module';
import { ImportsModule } from './imports/imports.module';
import { JobsModule } from './jobs/jobs.module';
import { LineServicesModule } from './line-services/line-services.module';
import { LocalGovernmentsModule } from './local-governments/local-governments.module';
import { NationalBodiesModule } from './national-bodies/national-bodies.module';
import { NotificationsModule } from './notifications/notifications.module';
import { RedisModule } from './redis/redis.module';
import { ReportsModule } from './reports/reports.module';

/** The HTTP API: records and enqueues; the worker (worker.module.ts) does the rest. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule.forRoot('line-tracker-api'),
    RedisModule,
    JobsModule.forRoot('api'),
    AccessModule,
    LocalGovernmentsModule,
    NationalBodiesModule,
    LineServicesModule,
    AvailabilityModule,
    GapsModule,
    NotificationsModule,
    ReportsModule,
    ImportsModule,
    HealthModule,
    AdminModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  ],
})
export class AppModule {}
