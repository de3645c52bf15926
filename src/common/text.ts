import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength } from 'class-validator';

/** A UUID as PostgreSQL prints it (any case accepted). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// NUL and other C0 controls (tab and newlines aside) have no place in names or notes,
// and PostgreSQL refuses NUL outright.
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const NO_CONTROL_CHARS = new RegExp(`^[^${CONTROL_CHARS.source.slice(1, -1)}]*$`);

// A lone UTF-16 surrogate is not a character: stored, it would silently become U+FFFD.
const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** Whether a string is text we can store as it was sent: no control characters, no lone surrogates. */
export function isCleanText(value: string): boolean {
  return NO_CONTROL_CHARS.test(value) && WELL_FORMED.test(value);
}

/** A string of at most `max` characters with no control characters and no lone surrogates. */
export const IsText = (max: number) =>
  applyDecorators(
    IsString(),
    MaxLength(max),
    Matches(NO_CONTROL_CHARS, { message: '$property must not contain control characters' }),
    Matches(WELL_FORMED, { message: '$property must be well-formed Unicode (it has a lone surrogate)' }),
  );

/** Katakana to hiragana, so that a search in either script finds the kana reading. */
export function toHiragana(text: string): string {
  return text.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}
