import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Enqueuer } from './enqueuer';
import { DEFAULT_JOB_OPTIONS, QueueName } from './jobs';

export const ALL_QUEUES = [QueueName.Evaluation, QueueName.Maintenance, QueueName.Webhooks];

/**
 * BullMQ for one of the two processes. The API's connection fails fast (a write must not
 * wait for Redis); the worker's waits and reconnects, as BullMQ workers require.
 */
@Module({})
export class JobsModule {
  static forRoot(role: 'api' | 'worker'): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection:
              role === 'api'
                ? { url: config.REDIS_URL, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
                : { url: config.REDIS_URL, maxRetriesPerRequest: null },
            prefix: config.QUEUE_PREFIX,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name }))),
      ],
      providers: [Enqueuer],
      exports: [Enqueuer, BullModule],
    };
  }
}
