import { StreamableFile } from '@nestjs/common';
import type { ReportDto, ReportRowDto } from './dto/report.dto';
import { COUNT_COLUMNS, COUNT_KEYS, IDENTITY_COLUMNS, ReportTable } from './report-columns';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SHEETS: { table: ReportTable; name: string }[] = [
  { table: 'summary', name: 'Summary' },
  { table: 'category', name: 'By category' },
];

interface Column {
  header: string;
  value: (row: ReportRowDto) => string | number | null;
}

function columnsOf(table?: ReportTable): Column[] {
  return [
    ...IDENTITY_COLUMNS.map(({ key, header }) => ({ header, value: (row: ReportRowDto) => row[key] })),
    ...COUNT_KEYS.filter((key) => !table || COUNT_COLUMNS[key].tables.includes(table)).map((key) => ({
      header: COUNT_COLUMNS[key].header,
      value: (row: ReportRowDto) => row[key],
    })),
  ];
}

/** The rows, then the total. */
const allRows = (report: ReportDto) => [...report.rows, report.total];

/** RFC 4180 quoting; a text cell a spreadsheet would take for a formula gets a leading apostrophe. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** UTF-8 with a BOM (so Excel reads the Japanese names), CRLF line ends, a header row. */
export function reportCsv(report: ReportDto): Buffer {
  const columns = columnsOf();
  const lines = [columns.map((c) => csvField(c.header)), ...allRows(report).map((row) => columns.map((c) => csvField(c.value(row))))];
  return Buffer.from(`\uFEFF${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** One sheet per table, the same figures as the JSON, and an "About" sheet saying what it is. */
export async function reportXlsx(report: ReportDto, title: string): Promise<Buffer> {
  // Loaded on the first XLSX asked for, not at start: exceljs holds ~34 MB once loaded.
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'LINE service continuity tracker';
  workbook.title = title;
  workbook.created = new Date(report.generatedAt);
  for (const { table, name } of SHEETS) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
    const columns = columnsOf(table);
    sheet.columns = columns.map((c, i) => ({ header: c.header, width: i === 1 ? 24 : Math.max(10, c.header.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of allRows(report)) sheet.addRow(columns.map((c) => c.value(row)));
    sheet.lastRow!.font = { bold: true };
  }
  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 14 }, { width: 48 }];
  about.addRows([
    ['Report', title],
    ['As of', report.asOf],
    ['Generated at', report.generatedAt],
    ['Source', report.source],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function reportFile(body: Buffer, type: string, filename: string): StreamableFile {
  return new StreamableFile(body, { type, disposition: `attachment; filename="${filename}"`, length: body.length });
}

async function loadExcel(): Promise<typeof import('exceljs')> {
  const loaded = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  return loaded.default ?? loaded;
}
