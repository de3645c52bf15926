import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dumpedText } from './sql-format';
import { STATEMENTS } from './statements';

const ROOT = join(__dirname, '..', '..');

/** Every .sql file under a src/<module>/queries/ folder. */
function committedFiles(): string[] {
  return readdirSync(join(ROOT, 'src'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'src', entry.name, 'queries')))
    .flatMap((entry) => readdirSync(join(ROOT, 'src', entry.name, 'queries')).map((file) => relative(ROOT, join(ROOT, 'src', entry.name, 'queries', file))))
    .filter((file) => file.endsWith('.sql'))
    .sort();
}

describe('statements built by code and their committed SQL', () => {
  it.each(STATEMENTS.map((s) => [s.file, s] as const))('%s is what the code builds (run npm run sql:dump and review the diff)', (file, statement) => {
    const path = join(ROOT, file);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(dumpedText(statement));
  });

  it('has no committed statement that no generator writes any more', () => {
    expect(committedFiles()).toEqual(STATEMENTS.map((s) => s.file).sort());
  });
});
