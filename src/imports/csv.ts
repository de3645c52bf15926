import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { render } from '../i18n/messages';
import { FileProblem, ParsedSheet, toSheet } from './sheet';

/**
 * Reading an uploaded CSV: the bytes as Japanese offices send them (UTF-8 with or without
 * a byte-order mark, or Shift_JIS as Excel writes it), then records with the row numbers
 * a spreadsheet shows (the header is row 1).
 */
export const ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type Encoding = (typeof ENCODINGS)[number];

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
    throw new FileProblem(render('import.file.utf16'));
  }
  const bom = startsWith(bytes, UTF8_BOM);
  if (forced === 'shift_jis' || (!forced && !bom && !isUtf8(bytes))) {
    const text = iconv.decode(bytes, 'cp932');
    const bad = text.indexOf('\uFFFD');
    if (bad >= 0) {
      const line = text.slice(0, bad).split('\n').length;
      throw new FileProblem(render('import.file.notShiftJis', { line }));
    }
    return { text, encoding: 'shift_jis' };
  }
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  // Bytes that are not UTF-8 would otherwise become U+FFFD, stored as if the file had said so.
  if (!isUtf8(body)) {
    throw new FileProblem(render(forced === 'utf-8' ? 'import.file.notUtf8Forced' : 'import.file.badUtf8AfterBom'));
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

/**
 * The header and every non-blank data row (see toSheet), with the row numbers a spreadsheet
 * shows.
 */
export function parseCsv(text: string): ParsedSheet {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    const { message, lines } = error as { message: string; lines?: number };
    throw new FileProblem(render('import.file.notCsv', { near: lines ? ` (near line ${lines})` : '', nearJa: lines ? `（${lines}行目付近）` : '', detail: message }));
  }
  const sheet = toSheet(rows.map((values, i) => ({ row: i + 1, values })));
  if (!sheet) throw new FileProblem(render('import.file.empty'));
  return sheet;
}
