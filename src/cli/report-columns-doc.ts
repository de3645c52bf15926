import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeWithTable, REPORT_COLUMNS_DOC, reportColumnsMarkdown } from '../reports/report-columns-doc';

/** Writes docs/report-columns.md and the README's table from src/reports/report-columns.ts (npm run docs:report-columns). */
const root = join(__dirname, '..', '..', '..');
writeFileSync(join(root, REPORT_COLUMNS_DOC), reportColumnsMarkdown());
const readme = join(root, 'README.md');
writeFileSync(readme, readmeWithTable(readFileSync(readme, 'utf8')));
console.log(`wrote ${REPORT_COLUMNS_DOC} and the table in README.md`);
