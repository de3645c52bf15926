import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { appConfig } from './config/app-config';
import { WorkerModule } from './worker.module';

export async function createWorker(): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true, logger: appConfig().logLevels });
  worker.useLogger(worker.get(PinoNestLogger));
  // SIGTERM closes the BullMQ workers, which let in-flight jobs finish first, then exits 0.
  worker.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  return worker;
}

if (require.main === module) {
  createWorker()
    .then(() => new Logger('worker').log('worker started'))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
