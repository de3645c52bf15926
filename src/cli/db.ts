import 'reflect-metadata';
import { appliedCount, connect } from '../database/connect';
import { cliArgs, runCli } from './args';

const USAGE = 'usage: db migrate | db revert [--all] | db show';

/** Database chores: apply or revert migrations, list them. Creates the database when missing. */
runCli(async () => {
  const { positionals, values } = cliArgs({ all: { type: 'boolean', default: false } });
  const [command] = positionals;
  if (!['migrate', 'revert', 'show'].includes(command)) throw new Error(USAGE);
  const dataSource = await connect();
  try {
    if (command === 'migrate') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}` : 'database is up to date');
    } else if (command === 'revert') {
      do {
        await dataSource.undoLastMigration({ transaction: 'each' });
      } while (values.all && (await appliedCount(dataSource)) > 0);
      console.log(`reverted; ${await appliedCount(dataSource)} migration(s) still applied`);
    } else {
      const pending = await dataSource.showMigrations();
      console.log(pending ? 'there are pending migrations' : 'no pending migrations');
    }
  } finally {
    await dataSource.destroy();
  }
});
