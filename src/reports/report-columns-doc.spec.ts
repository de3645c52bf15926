import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_COLUMNS } from './report-columns';
import { readmeWithTable, REPORT_COLUMNS_DOC, reportColumnsMarkdown } from './report-columns-doc';

const ROOT = join(__dirname, '..', '..');

describe('docs/report-columns.md', () => {
  it('is what report-columns.ts gives (npm run docs:report-columns, and review the diff)', () => {
    expect(readFileSync(join(ROOT, REPORT_COLUMNS_DOC), 'utf8')).toBe(reportColumnsMarkdown());
  });

  it('is in the README too, between its markers, as report-columns.ts gives it (npm run docs:report-columns)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithTable(readme));
  });

  it('has one table row per column, with both headers and both definitions', () => {
    const rows = reportColumnsMarkdown().split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(REPORT_COLUMNS.length);
    REPORT_COLUMNS.forEach(({ key, text }, i) => {
      expect(rows[i]).toBe(`| \`${key}\` | ${text.header.ja} | ${text.header.en} | ${text.definition.ja} | ${text.definition.en} |`);
    });
  });
});
