import 'reflect-metadata';
import { parseExpiresIn } from '../access/expires-in';
import { formatTokenList } from '../access/token-list';
import { tokensServiceOver } from '../database/standalone';
import { connect } from '../database/connect';
import { cliArgs, runCli } from './args';

const USAGE =
  'usage: token create --role <ministry|prefecture|municipality|npo> [--scope <code>] --name "<who>" [--expires-in <90d|12h>] | token list | token revoke <id>\n' +
  '  --scope: a prefecture\'s 2-digit number, a municipality\'s 6-digit code, or an organisation\'s code (npo: writes that organisation\'s services; without it an npo token writes none)';

runCli(async () => {
  const { positionals, values } = cliArgs({ role: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, 'expires-in': { type: 'string' } });
  const [command, id] = positionals;
  // Checked before connecting: a mistyped duration is an error even without a database.
  const expiresIn = values['expires-in'] === undefined ? undefined : parseExpiresIn(String(values['expires-in']));
  const dataSource = await connect();
  try {
    const tokens = tokensServiceOver(dataSource);
    if (command === 'create') {
      if (!values.role || !values.name) throw new Error(USAGE);
      const issued = await tokens.issue(String(values.role), values.scope as string | undefined, String(values.name), expiresIn);
      console.log(
        `id:      ${issued.id}\nrole:    ${issued.role}${issued.scope ? ` (scope ${issued.scope})` : ''}\nname:    ${issued.name}\nexpires: ${issued.expiresAt?.toISOString() ?? 'never'}\ntoken:   ${issued.token}`,
      );
      console.log('The token is shown this once; only its hash is stored.');
    } else if (command === 'list') {
      console.log(formatTokenList(await tokens.list()));
    } else if (command === 'revoke') {
      if (!id) throw new Error(USAGE);
      console.log((await tokens.revoke(id)) ? `revoked ${id}` : `no live token has the id ${id}`);
    } else {
      throw new Error(USAGE);
    }
  } finally {
    await dataSource.destroy();
  }
});
