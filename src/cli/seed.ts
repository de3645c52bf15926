import 'reflect-metadata';
import { seed } from '../../seeds/seed';
import { connect } from '../database/connect';
import { runCli } from './args';

runCli(async () => {
  const dataSource = await connect();
  try {
    const summary = await seed(dataSource);
    console.log(
      `seeded: ${summary.localGovernments} local governments, ${summary.nationalBodies} national bodies, ${summary.organizations} organisations, ` +
        `${summary.servicesCreated} services created (${summary.servicesAlreadyThere} already there)` +
        (summary.servicesUpdated ? `, ${summary.servicesUpdated} updated in place to their Japanese names` : ''),
    );
    for (const skipped of summary.renamesSkipped) {
      console.warn(
        `not renamed: service ${skipped.id} of ${skipped.operatorCode} keeps its former name "${skipped.formerName}": ` +
          `the operator already has another service named 「${skipped.name}」; merge or rename them by hand`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
});
