import 'reflect-metadata';
import { seed } from '../../seeds/seed';
import { connect } from '../database/connect';
import { runCli } from './args';

runCli(async () => {
  const dataSource = await connect();
  try {
    const summary = await seed(dataSource);
    console.log(
      `seeded: ${summary.localGovernments} local governments, ${summary.nationalBodies} national bodies, ` +
        `${summary.servicesCreated} services created (${summary.servicesAlreadyThere} already there)`,
    );
  } finally {
    await dataSource.destroy();
  }
});
