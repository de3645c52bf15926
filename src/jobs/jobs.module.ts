import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { Enqueuer } from './enqueuer';
import { JobLog } from './job-log';
import { ALL_QUEUES, DEFAULT_JOB_OPTIONS, QUEUES, Queues } from './jobs';

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
        ...(role === 'worker' ? [DiscoveryModule] : []),
      ],
      providers: [
        {
          provide: QUEUES,
          inject: ALL_QUEUES.map((name) => getQueueToken(name)),
          useFactory: (...queues: Queue[]): Queues => Object.fromEntries(ALL_QUEUES.map((name, i) => [name, queues[i]])) as Queues,
        },
        Enqueuer,
        ...(role === 'worker' ? [JobLog] : []),
      ],
      exports: [Enqueuer, BullModule, QUEUES],
    };
  }
}
