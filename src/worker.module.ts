import { HolidaysModule } from './hours/holidays.repository';
import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { GapsWorkerModule } from './gaps/gaps.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsWorkerModule } from './metrics/metrics.module';
import { LoggingModule } from './logging/logging.module';
import { WorkerHealthModule } from './health/worker-health.module';
import { NotificationsWorkerModule } from './notifications/notifications.module';

/** The worker: BullMQ processors, and a small HTTP server for its probes only. */
@Module({
  imports: [ConfigModule, LoggingModule, WorkerHealthModule, DatabaseModule.forRoot('line-tracker-worker'), JobsModule.forRoot('worker'), GapsWorkerModule, NotificationsWorkerModule, HolidaysModule, MetricsWorkerModule],
})
export class WorkerModule {}
