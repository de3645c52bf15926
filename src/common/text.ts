import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, registerDecorator } from 'class-validator';

/** A UUID as PostgreSQL prints it (any case accepted). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Clean text: the one rule for every string a client sends us to store or match (JSON fields,
 * URLs, contacts, imported cells). Each class is refused with its own message:
 *
 * - tab, LF and CR: only in multi-line text (descriptions, reasons, notes), never in names,
 *   labels, codes, contacts or URLs;
 * - the other C0 controls (NUL among them: PostgreSQL refuses it outright), DEL and the C1
 *   controls U+0080–U+009F;
 * - surrogates that are not part of a well-formed pair (lone, or low before high): stored,
 *   they would silently become U+FFFD;
 * - Unicode non-characters: U+FDD0–U+FDEF, and U+xFFFE and U+xFFFF in every plane;
 * - the bidirectional embedding, override and isolate controls U+202A–U+202E and
 *   U+2066–U+2069, which make text display other than it reads.
 *
 * Everything else passes: kanji, kana, full-width forms, emoji (a well-formed surrogate pair),
 * zero-width joiners and variation selectors, the left-to-right and right-to-left marks.
 */
export interface TextOptions {
  /** Whether tab, LF and CR are allowed (default: no). */
  multiline?: boolean;
}

type Range = readonly [number, number];

interface CharacterClass {
  ranges: readonly Range[];
  message: string;
  /** Allowed in multi-line text. */
  multiline?: boolean;
}

const PLANES = Array.from({ length: 17 }, (_, plane) => plane * 0x10000);

export const CHARACTER_CLASSES = {
  lineBreak: { ranges: [[0x09, 0x0a], [0x0d, 0x0d]], message: 'must be a single line: no tabs or line breaks', multiline: true },
  control: { ranges: [[0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f], [0x7f, 0x9f]], message: 'must not contain control characters' },
  surrogate: { ranges: [[0xd800, 0xdfff]], message: 'must be well-formed Unicode (it has a lone surrogate)' },
  nonCharacter: { ranges: [[0xfdd0, 0xfdef], ...PLANES.map((base) => [base + 0xfffe, base + 0xffff] as const)], message: 'must not contain Unicode non-characters' },
  bidiControl: { ranges: [[0x202a, 0x202e], [0x2066, 0x2069]], message: 'must not contain bidirectional override or isolate controls' },
} as const satisfies Record<string, CharacterClass>;

export type CharacterClassName = keyof typeof CHARACTER_CLASSES;

const CLASSES = Object.entries(CHARACTER_CLASSES) as [CharacterClassName, CharacterClass][];

const hex = (code: number) => `\\u{${code.toString(16)}}`;

// With the u flag a class matches whole code points: [\u{d800}-\u{dfff}] finds only the
// surrogates that are not half of a well-formed pair.
function forbidden(multiline: boolean): RegExp {
  const ranges = CLASSES.filter(([, c]) => !(multiline && c.multiline)).flatMap(([, c]) => c.ranges);
  return new RegExp(`[${ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('')}]`, 'u');
}

const FORBIDDEN_IN_LINE = forbidden(false);
const FORBIDDEN_IN_MULTILINE = forbidden(true);

/** The class a refused code point belongs to. */
export function characterClassOf(code: number): CharacterClassName | null {
  for (const [name, c] of CLASSES) if (c.ranges.some(([lo, hi]) => code >= lo && code <= hi)) return name;
  return null;
}

/** The first character the rule refuses: its class, code point and 1-based position (in characters). */
export function firstRefused(value: string, options: TextOptions = {}): { class: CharacterClassName; codePoint: number; position: number } | null {
  const match = (options.multiline ? FORBIDDEN_IN_MULTILINE : FORBIDDEN_IN_LINE).exec(value);
  if (!match) return null;
  const codePoint = match[0].codePointAt(0)!;
  let position = 1;
  for (let i = 0; i < match.index; i++) {
    const unit = value.charCodeAt(i);
    // A well-formed pair counts as one character.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < match.index && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff) i++;
    position++;
  }
  return { class: characterClassOf(codePoint)!, codePoint, position };
}

const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a string is not clean text (a message to follow the field's name), or null when it is. */
export function textProblem(value: string, options: TextOptions = {}): string | null {
  const refused = firstRefused(value, options);
  if (!refused) return null;
  return `${CHARACTER_CLASSES[refused.class].message} (${codePointName(refused.codePoint)} at character ${refused.position})`;
}

/** Whether a string is clean text (see CHARACTER_CLASSES). */
export function isCleanText(value: string, options: TextOptions = {}): boolean {
  return firstRefused(value, options) === null;
}

/** The clean-text check as a class-validator decorator; values of other types are left to IsString. */
export const IsCleanText = (options: TextOptions = {}): PropertyDecorator => (target: object, propertyName: string | symbol) =>
  registerDecorator({
    name: 'isCleanText',
    target: target.constructor,
    propertyName: propertyName as string,
    constraints: [{ multiline: options.multiline ?? false }],
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || isCleanText(value, options),
      defaultMessage: (args) => (typeof args?.value === 'string' ? textProblem(args.value, options) : null) ?? 'must be clean text',
    },
  });

/** A string of at most `max` characters that is clean text (one line unless `multiline`). */
export const IsText = (max: number, options: TextOptions = {}) => applyDecorators(IsString(), MaxLength(max), IsCleanText(options));

/** Katakana to hiragana, so that a search in either script finds the kana reading. */
export function toHiragana(text: string): string {
  return text.replace(/[\u30A1-\u30F6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}
