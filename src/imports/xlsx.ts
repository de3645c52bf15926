import { inflateRawSync } from 'node:zlib';
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { render, Rendered } from '../i18n/messages';
import { FileProblem, ParsedSheet, SheetRecord, toSheet } from './sheet';
import { loadExcel } from '../common/excel';

/**
 * Reading an uploaded Excel workbook (.xlsx) as rows of text, like a CSV: the first visible
 * sheet or a named one, each cell as the text it stands for.
 *
 * A workbook is a zip archive, and a hostile one can be small and unpack to gigabytes, or
 * hold a sheet of a million rows: before exceljs reads it, every entry is unpacked once with
 * a bound (the sizes the archive declares are checked, not trusted), and exceljs is told the
 * most rows and cells a sheet may have. Its data validations (a hostile range such as
 * A1:XFD1048576 would be expanded cell by cell) and conditional formats are not read.
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface XlsxLimits {
  /** Bytes the archive may unpack to, all entries together. */
  unpackedBytes: number;
  entries: number;
  /** `<row>` elements a sheet may have (blank rows with a format count too). */
  rows: number;
  /** Cells a row may have. */
  cellsPerRow: number;
}

export const XLSX_LIMITS: XlsxLimits = { unpackedBytes: 64 * 1024 * 1024, entries: 10_000, rows: 60_000, cellsPerRow: 256 };

export interface ParsedWorkbook extends ParsedSheet {
  /** The sheet that was read. */
  sheet: string;
}

/** A zip archive's first bytes: a local file header. */
export function looksLikeZip(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

export async function readXlsx(bytes: Buffer, sheetName: string | undefined, maxDataRows: number, limits: XlsxLimits = XLSX_LIMITS): Promise<ParsedWorkbook> {
  checkArchive(bytes, limits);
  const workbook = await load(bytes, limits, maxDataRows);
  const sheets = workbook.worksheets;
  const visible = sheets.filter((s) => s.state === 'visible' || s.state === undefined);
  let sheet: Worksheet | undefined;
  if (sheetName !== undefined) {
    sheet = sheets.find((s) => s.name === sheetName) ?? sheets.find((s) => s.name.normalize('NFKC').trim() === sheetName.normalize('NFKC').trim());
    if (!sheet) throw new FileProblem(render('import.file.unknownSheet', { sheet: sheetName, sheets: sheets.map((s) => `"${s.name}"`).join(', ') }), 'sheet');
  } else {
    sheet = visible[0];
    if (!sheet) throw new FileProblem(render('import.file.noSheet'));
  }
  const rows: SheetRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    const unreadable = new Map<number, Rendered>();
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const read = cellText(cell.value);
      if (typeof read === 'string') values[column - 1] = read;
      else unreadable.set(column - 1, read.problem);
    });
    for (let i = 0; i < values.length; i++) values[i] ??= '';
    rows.push(unreadable.size ? { row: row.number, values, unreadable } : { row: row.number, values });
  });
  const parsed = toSheet(rows);
  if (!parsed) throw new FileProblem(render('import.file.empty'));
  return { ...parsed, sheet: sheet.name };
}

/**
 * The text a cell stands for. A date cell's Date holds Excel's wall-clock time in its UTC
 * fields: it is written out as that wall-clock time (to the second), which the date columns
 * read as Japan's. A number is its shortest decimal (an operator code typed as a number
 * comes as 10006; rows.ts restores its 0). Formulas give their result; rich text and
 * hyperlinks their text.
 */
export function cellText(value: CellValue): string | { problem: Rendered } {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return wallClock(value);
  if ('error' in value) return { problem: render('import.cell.excelError', { error: String(value.error) }) };
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (result === undefined) return { problem: render('import.cell.formulaWithoutResult') };
    return cellText(result as CellValue);
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    return typeof text === 'string' ? text : text === undefined ? value.hyperlink : cellText(text as CellValue);
  }
  return '';
}

function wallClock(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000).toISOString();
  return `${rounded.slice(0, 10)} ${rounded.slice(11, 19)}`;
}

async function load(bytes: Buffer, limits: XlsxLimits, maxDataRows: number): Promise<Workbook> {
  // Loaded on the first XLSX upload, not at start: exceljs holds ~34 MB once loaded.
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer, {
      maxRows: limits.rows,
      maxCols: limits.cellsPerRow,
      ignoreNodes: ['dataValidations', 'conditionalFormatting', 'extLst'],
    } as never);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    // exceljs: "Max row count (…) exceeded", "Max column count (…) exceeded".
    if (/^Max \w+ count \(\d+\) exceeded/.test(message)) {
      throw new FileProblem(render('import.file.xlsxTooManyRows', { max: limits.rows, columns: limits.cellsPerRow, rows: maxDataRows }));
    }
    throw new FileProblem(render('import.file.notXlsx', { detail: message.slice(0, 200) }));
  }
  return workbook;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/**
 * Walks the zip's central directory and unpacks every entry once, each no further than the
 * size it declares (zlib's maxOutputLength), the declared sizes together within the limit:
 * a zip bomb is refused before exceljs (which trusts the declared sizes) unpacks it. An
 * archive that is not a workbook (no xl/workbook.xml) is refused too.
 */
export function checkArchive(bytes: Buffer, limits: XlsxLimits): void {
  const notXlsx = (detail: string) => new FileProblem(render('import.file.notXlsx', { detail }));
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) throw notXlsx('no zip central directory');
  const entries = bytes.readUInt16LE(eocd + 10);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw notXlsx('ZIP64 archives are not workbooks an import needs');
  if (entries > limits.entries) throw notXlsx(`${entries} entries`);
  let offset = directoryOffset;
  let unpacked = 0;
  const names = new Set<string>();
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw notXlsx('a broken zip central directory');
    const method = bytes.readUInt16LE(offset + 10);
    const compressedSize = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const localOffset = bytes.readUInt32LE(offset + 42);
    const name = bytes.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    offset += 46 + nameLength + extraLength + commentLength;
    names.add(name.replace(/^\//, ''));
    unpacked += size;
    if (unpacked > limits.unpackedBytes) throw new FileProblem(render('import.file.xlsxTooLarge', { max: Math.round(limits.unpackedBytes / 1024 / 1024) }));
    if (name.endsWith('/')) continue;
    checkEntry(bytes, localOffset, method, compressedSize, size, notXlsx);
  }
  if (!names.has('xl/workbook.xml')) throw notXlsx('it has no xl/workbook.xml');
}

function checkEntry(bytes: Buffer, localOffset: number, method: number, compressedSize: number, size: number, notXlsx: (detail: string) => FileProblem): void {
  if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw notXlsx('a broken zip entry');
  const start = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
  if (start + compressedSize > bytes.length) throw notXlsx('a truncated zip entry');
  const data = bytes.subarray(start, start + compressedSize);
  let actual: number;
  if (method === 0) actual = data.length;
  else if (method === 8) {
    try {
      // One byte more than declared: an entry that unpacks further lies about its size.
      actual = inflateRawSync(data, { maxOutputLength: size + 1 }).length;
    } catch {
      throw notXlsx('an entry does not unpack to the size it declares');
    }
  } else throw notXlsx(`an entry is compressed with method ${method}, not deflate`);
  if (actual !== size) throw notXlsx('an entry does not unpack to the size it declares');
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= earliest; i--) {
    if (bytes.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  }
  return -1;
}
