import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dumpedText } from '../database/sql-format';
import { STATEMENTS } from '../database/statements';

/** `npm run sql:dump`: writes every statement built by code to its file under src/<module>/queries/. */
const root = join(__dirname, '..', '..', '..');
for (const statement of STATEMENTS) {
  const path = join(root, statement.file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, dumpedText(statement));
  console.log(`wrote ${statement.file}`);
}
