import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { appConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = appConfig();
  const app = await createApp();
  await app.listen(config.PORT);
  new Logger('main').log(`API listening on http://localhost:${config.PORT} (docs at /docs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
