import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { render } from '../i18n/messages';
import { fieldProblem } from './errors';
import { IsCleanText, UUID } from './text';

export const MAX_PAGE_SIZE = 500;

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Page size (default depends on the list).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page\'s nextCursor.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  @IsCleanText()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset cursors: the sort key values of the last row seen. Pages stay stable under
 * concurrent inserts because the next page starts strictly after that row.
 */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** What each position of a cursor holds; a cursor whose values do not fit is refused. */
export type CursorPart = 'text' | 'timestamp' | 'uuid' | 'id' | 'offset';

const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 500 && !/\u0000/.test(v),
  timestamp: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(v),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  id: (v) => (typeof v === 'string' && /^\d{1,18}$/.test(v)) || (Number.isSafeInteger(v) && (v as number) >= 0),
  offset: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
};

export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === parts.length && values.every((v, i) => PART_CHECKS[parts[i]](v))) return values;
  } catch {
    // fall through to the error below
  }
  throw fieldProblem('cursor', render('validation.cursor'));
}

/** Takes rows fetched with limit + 1 and makes the page. */
export function toPage<R, T>(rows: R[], limit: number, map: (row: R) => T, cursorOf: (row: R) => (string | number)[]): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}
