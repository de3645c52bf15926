import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_COLUMNS_DOC, reportColumnsMarkdown } from '../reports/report-columns-doc';

/** Writes docs/report-columns.md from src/reports/report-columns.ts (run from dist/src/cli/ after a build). */
const root = join(__dirname, '..', '..', '..');
writeFileSync(join(root, REPORT_COLUMNS_DOC), reportColumnsMarkdown());
console.log(`wrote ${REPORT_COLUMNS_DOC}`);
