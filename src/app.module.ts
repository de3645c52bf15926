import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from './access/access.module';
import { ETagInterceptor } from './common/etag.interceptor';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { AppConfig, appConfig } from './config/app-config';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { LineServicesModule } from './line-services/line-services.module';
import { LocalGovernmentsModule } from './local-governments/local-governments.module';
import { NationalBodiesModule } from './national-bodies/national-bodies.module';
import { RedisModule } from './redis/redis.module';

@Module({
  providers: [{ provide: AppConfig, useFactory: appConfig }],
  exports: [AppConfig],
})
class ConfigModule {}

@Module({
  imports: [
    { module: ConfigModule, global: true },
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.DATABASE_URL, { applicationName: 'line-tracker-api' }), retryAttempts: 3, retryDelay: 1000 }),
    }),
    RedisModule,
    AccessModule,
    LocalGovernmentsModule,
    NationalBodiesModule,
    LineServicesModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_INTERCEPTOR, useClass: ETagInterceptor },
  ],
})
export class AppModule {}
