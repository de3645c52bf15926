import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { seed } from '../../seeds/seed';
import { tokensServiceOver } from '../database/standalone';
import { createApp } from '../app.factory';
import { appConfig } from '../config/app-config';
import { connect } from '../database/connect';
import { createWorker } from '../worker';

const DEMO_TOKENS = [
  { role: 'ministry', scope: undefined, name: 'demo: 総務省 (ministry)' },
  { role: 'prefecture', scope: '27', name: 'demo: 大阪府 (prefecture 27)' },
  { role: 'municipality', scope: '011002', name: 'demo: 札幌市 (municipality 011002)' },
  { role: 'npo', scope: undefined, name: 'demo: NPO' },
];

/**
 * `npm run demo`: database, migrations, seed, fresh demo tokens (the previous demo tokens
 * are revoked), then the worker and the API in this process.
 */
async function main(): Promise<void> {
  const config = appConfig();
  const dataSource = await connect(config.DATABASE_URL, 'line-tracker-demo');
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    console.log(applied.length ? `migrations applied: ${applied.length}` : 'database schema is up to date');
    const summary = await seed(dataSource);
    console.log(`seed: ${summary.localGovernments} local governments, ${summary.nationalBodies} national bodies, ${summary.servicesCreated + summary.servicesAlreadyThere} services from the 2021 cases`);
    const tokens = tokensServiceOver(dataSource);
    await tokens.revokeNamedWith('demo: ');
    console.log('\nDemo tokens (shown once; new ones each run):');
    for (const demo of DEMO_TOKENS) {
      const issued = await tokens.issue(demo.role, demo.scope, demo.name);
      console.log(`  ${demo.name.padEnd(38)} ${issued.token}`);
    }
  } finally {
    await dataSource.destroy();
  }
  // For the demo the worker runs in this process too; in production they are two services.
  await createWorker();
  const app = await createApp();
  await app.listen(config.PORT);
  new Logger('demo').log(`API on http://localhost:${config.PORT}/v1 — OpenAPI at http://localhost:${config.PORT}/docs (worker running in-process)`);
  console.log(`\nTry: curl 'http://localhost:${config.PORT}/v1/services?operator=011002'`);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
