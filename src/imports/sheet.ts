import type { Rendered } from '../i18n/messages';

/**
 * An uploaded file as rows of text, whatever it was (CSV or XLSX): the header and every
 * non-blank data row, with the row numbers the spreadsheet shows.
 */
export interface SheetRecord {
  /** The row number a spreadsheet shows (the header is usually row 1). */
  row: number;
  values: string[];
  /** Cells that hold no text to read (an Excel error such as #N/A, a formula never calculated), by index. */
  unreadable?: ReadonlyMap<number, Rendered>;
}

export interface ParsedSheet {
  header: string[];
  /** The header's row number: the first row that is not blank. */
  headerRow: number;
  records: SheetRecord[];
}

/** The file as a whole cannot be read as an import (a 400, in English and Japanese). */
export class FileProblem extends Error {
  /** `field`: the query parameter at fault (sheet, encoding), when one is. */
  constructor(
    readonly rendered: Rendered,
    readonly field?: string,
  ) {
    super(rendered.message);
  }
}

/**
 * The header and the data rows of numbered rows. Blank rows (an empty line, or only empty
 * cells as Excel leaves after deleted rows) are skipped but still counted, so row numbers
 * stay those of the spreadsheet.
 */
export function toSheet(rows: SheetRecord[]): ParsedSheet | null {
  const numbered = rows.filter((r) => r.values.some((v) => v.trim() !== '') || (r.unreadable?.size ?? 0) > 0);
  if (numbered.length === 0) return null;
  const [first, ...records] = numbered;
  return { header: first.values, headerRow: first.row, records };
}
