import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

/**
 * Reading an uploaded CSV: the bytes as Japanese offices send them (UTF-8 with or without
 * a byte-order mark, or Shift_JIS as Excel writes it), then records with the row numbers
 * a spreadsheet shows (the header is row 1).
 */
export const ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export class CsvProblem extends Error {}

export interface Decoded {
  text: string;
  encoding: Encoding;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/**
 * A byte-order mark means UTF-8; bytes that are valid UTF-8 are UTF-8; anything else is
 * read as Shift_JIS (Windows code page 932, which is what Excel writes: it has ①, ㈱ and
 * the NEC/IBM extensions). `forced` skips the guess.
 */
export function decode(bytes: Buffer, forced?: Encoding): Decoded {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new CsvProblem('the file is UTF-16 ("Unicode text"); save it as "CSV UTF-8" or "CSV (comma delimited)" instead');
  }
  const bom = startsWith(bytes, UTF8_BOM);
  if (forced === 'shift_jis' || (!forced && !bom && !isUtf8(bytes))) {
    const text = iconv.decode(bytes, 'cp932');
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      const line = text.slice(0, bad).split('\n').length;
      throw new CsvProblem(`the file is neither UTF-8 nor Shift_JIS: line ${line} has bytes that are not Shift_JIS`);
    }
    return { text, encoding: 'shift_jis' };
  }
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  // Bytes that are not UTF-8 would otherwise become U+FFFD, stored as if the file had said so.
  if (!isUtf8(body)) {
    throw new CsvProblem(forced === 'utf-8' ? 'the file is not valid UTF-8 (try encoding=shift_jis)' : 'the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (bytes such as an encoded lone surrogate)');
  }
  return { text: body.toString('utf8'), encoding: 'utf-8' };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface CsvRecord {
  /** The row number a spreadsheet shows: the header is row 1. */
  row: number;
  values: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
}

/**
 * The header and every non-blank data row. Blank rows (an empty line, or only empty cells
 * as Excel leaves after deleted rows) are skipped but still counted, so row numbers stay
 * those of the spreadsheet.
 */
export function parseCsv(text: string): ParsedCsv {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new CsvProblem(`the file is not valid CSV${lines ? ` (near line ${lines})` : ''}: ${message}`);
  }
  const numbered = rows.map((values, i) => ({ row: i + 1, values })).filter((r) => r.values.some((v) => v.trim() !== ''));
  if (numbered.length === 0) throw new CsvProblem('the file is empty: it needs a header row and at least one data row');
  const [first, ...records] = numbered;
  return { header: first.values, records };
}
