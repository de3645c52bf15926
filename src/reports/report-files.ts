import { StreamableFile } from '@nestjs/common';
import type { Worksheet } from 'exceljs';
import { asOfEn, asOfJa, eraDateTime, gregorianDateJa } from '../i18n/japanese-time';
import type { ReportDto, ReportRowDto } from './dto/report.dto';
import { COUNT_COLUMNS, COUNT_KEYS, IDENTITY_COLUMNS, IDENTITY_KEYS, kindJa, REPORT_COLUMNS, ReportLang, ReportTable, Words } from './report-columns';
import { loadExcel } from '../common/excel';

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SHEETS: { table: ReportTable; name: Words }[] = [
  { table: 'summary', name: { ja: '集計', en: 'Summary' } },
  { table: 'category', name: { ja: '分野別', en: 'By category' } },
  { table: 'dataHandling', name: { ja: 'データの取扱い', en: 'Data handling' } },
];

/** The sheet that defines the columns and says what the report is. */
export const NOTES_SHEET: Words = { ja: '注記', en: 'About' };

/** The words of the notes sheet. */
const NOTES: Record<'asOf' | 'asOfIso' | 'generatedAt' | 'source' | 'header' | 'definition' | 'key', Words> = {
  asOf: { ja: '基準日時', en: 'As of' },
  asOfIso: { ja: '基準日時（ISO 8601）', en: 'As of (ISO 8601)' },
  generatedAt: { ja: '作成日時', en: 'Generated at' },
  source: { ja: '出典', en: 'Source' },
  header: { ja: '見出し', en: 'Column' },
  definition: { ja: '定義', en: 'Definition' },
  key: { ja: 'JSONのキー', en: 'JSON key' },
};

/** What a report is of: its scope in each language (全国, 北海道; national, prefecture-01). */
export interface ReportScope {
  ja: string;
  en: string;
}

/** The report's name: LINEサービス集計表（全国）, LINE services report (national). */
export function reportName(scope: ReportScope, lang: ReportLang): string {
  return lang === 'ja' ? `LINEサービス集計表（${scope.ja}）` : `LINE services report (${scope.en})`;
}

/** The report's name and time, as the title row of each sheet gives them. */
export function reportTitle(report: ReportDto, scope: ReportScope, lang: ReportLang): string {
  const asOf = new Date(report.asOf);
  return lang === 'ja' ? `${reportName(scope, lang)} ${asOfJa(asOf)}` : `${reportName(scope, lang)} as of ${asOfEn(asOf)}`;
}

interface Column {
  header: string;
  /** A figure (a count), written as a number with a thousands separator. */
  figure: boolean;
  value: (row: ReportRowDto) => string | number | null;
}

function columnsOf(lang: ReportLang, table?: ReportTable): Column[] {
  const identity = IDENTITY_KEYS.map((key) => ({
    header: IDENTITY_COLUMNS[key].header[lang],
    figure: false,
    value: key === 'kind' && lang === 'ja' ? (row: ReportRowDto) => kindJa(row.kind) : (row: ReportRowDto) => row[key],
  }));
  const figures = COUNT_KEYS.filter((key) => !table || COUNT_COLUMNS[key].tables.includes(table)).map((key) => ({
    header: COUNT_COLUMNS[key].header[lang],
    figure: true,
    value: (row: ReportRowDto) => row[key],
  }));
  return [...identity, ...figures];
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

/**
 * UTF-8 with a BOM (so Excel reads the Japanese), CRLF line ends, a header row and the rows:
 * a table a program can read too, so no title row (the XLSX has one).
 */
export function reportCsv(report: ReportDto, lang: ReportLang): Buffer {
  const columns = columnsOf(lang);
  const lines = [columns.map((c) => csvField(c.header)), ...allRows(report).map((row) => columns.map((c) => csvField(c.value(row))))];
  return Buffer.from(`\uFEFF${lines.map((cells) => cells.join(',')).join('\r\n')}\r\n`, 'utf8');
}

/**
 * Characters a spreadsheet draws twice as wide as a Latin letter: the CJK ideographs, kana,
 * the CJK punctuation and the full-width forms (East Asian Width W and F, as far as Japanese
 * text goes).
 */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** The width of a text in a spreadsheet's columns: East Asian wide characters count double. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

const FIGURE_FORMAT = '#,##0';
const figureText = (value: number) => value.toLocaleString('en-US');

/** A column wide enough for its header and its widest cell (figures as shown, with separators). */
function widthOf(column: Column, rows: ReportRowDto[]): number {
  const texts = [column.header, ...rows.map((row) => {
    const value = column.value(row);
    return typeof value === 'number' ? figureText(value) : (value ?? '');
  })];
  return Math.min(60, Math.max(6, ...texts.map(displayWidth)) + 2);
}

const BOLD = { bold: true };
const TITLE_FONT = { bold: true, size: 14 };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE7E6E6' } };

/**
 * A sheet of one table: the title row (the report's name and time), the header row, the rows
 * and the total in bold, both top rows and the code and name frozen, figures as #,##0.
 */
function writeTable(sheet: Worksheet, title: string, columns: Column[], rows: ReportRowDto[]): void {
  sheet.columns = columns.map((column) => ({ width: widthOf(column, rows) }));
  const titleRow = sheet.addRow([title]);
  titleRow.getCell(1).font = TITLE_FONT;
  const headerRow = sheet.addRow(columns.map((c) => c.header));
  headerRow.eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
  });
  for (const row of rows) {
    const added = sheet.addRow(columns.map((c) => c.value(row)));
    columns.forEach((column, i) => {
      if (column.figure) added.getCell(i + 1).numFmt = FIGURE_FORMAT;
    });
  }
  sheet.lastRow!.eachCell((cell) => (cell.font = BOLD));
}

/** The notes: the title, the time and the source, then each column's header, definition and JSON key. */
function writeNotes(sheet: Worksheet, report: ReportDto, title: string, lang: ReportLang): void {
  const generatedAt = new Date(report.generatedAt);
  const about: [string, string][] = [
    [NOTES.asOf[lang], lang === 'ja' ? asOfJa(new Date(report.asOf)) : asOfEn(new Date(report.asOf))],
    [NOTES.asOfIso[lang], report.asOf],
    [NOTES.generatedAt[lang], lang === 'ja' ? `${eraDateTime(generatedAt)}（${gregorianDateJa(generatedAt)}）` : asOfEn(generatedAt)],
    [NOTES.source[lang], report.source],
  ];
  const definitions = REPORT_COLUMNS.map(({ key, text }) => [text.header[lang], text.definition[lang], key]);
  sheet.columns = [
    { width: Math.max(...[...about, ...definitions].map(([label]) => displayWidth(label))) + 2 },
    { width: 90, style: { alignment: { wrapText: true, vertical: 'top' } } },
    { width: 34 },
  ];
  sheet.addRow([title]).getCell(1).font = TITLE_FONT;
  sheet.addRow([]);
  for (const line of about) sheet.addRow(line).getCell(1).font = BOLD;
  sheet.addRow([]);
  sheet.addRow([NOTES.header[lang], NOTES.definition[lang], NOTES.key[lang]]).eachCell((cell) => {
    cell.font = BOLD;
    cell.fill = HEADER_FILL;
  });
  sheet.addRows(definitions);
}

/** One sheet per table with the same figures as the JSON, and the notes sheet. */
export async function reportXlsx(report: ReportDto, scope: ReportScope, lang: ReportLang): Promise<Buffer> {
  // Loaded on the first XLSX asked for, not at start: exceljs holds ~34 MB once loaded.
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  const title = reportTitle(report, scope, lang);
  workbook.creator = 'LINE service continuity tracker';
  workbook.title = title;
  workbook.created = new Date(report.generatedAt);
  const rows = allRows(report);
  for (const { table, name } of SHEETS) {
    const sheet = workbook.addWorksheet(name[lang], { views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }] });
    writeTable(sheet, title, columnsOf(lang, table), rows);
  }
  writeNotes(workbook.addWorksheet(NOTES_SHEET[lang]), report, title, lang);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** RFC 5987's encoding of a file name for `filename*`. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * An attachment named `filename` (ASCII, for every client), and `localName` (UTF-8, in
 * `filename*`, which browsers and curl -J prefer) when it has one.
 */
export function reportFile(body: Buffer, type: string, filename: string, localName?: string): StreamableFile {
  const disposition = `attachment; filename="${filename}"${localName ? `; filename*=UTF-8''${rfc5987(localName)}` : ''}`;
  return new StreamableFile(body, { type, disposition, length: body.length });
}
