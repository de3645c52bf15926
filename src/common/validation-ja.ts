import { Logger } from '@nestjs/common';
import { getMetadataStorage, ValidationError, ValidationTypes } from 'class-validator';
import { hoursProblems } from '../hours/hours';
import * as labels from '../i18n/labels';
import { CATALOGUE, MessageId, MessageParams, render, Rendered } from '../i18n/messages';
import { checkDigit, lgCodeProblem, PREFECTURE_CODE } from '../local-governments/lg-code';
import { CHARACTER_CLASSES, CharacterClassName, firstRefused } from './text';
import { MAX_URL_LENGTH } from './url';

/**
 * The Japanese of a failed class-validator constraint, from the message catalogue
 * (src/i18n/messages/validation.ts, ids `validation.<constraint>`). The parameters come from
 * what class-validator knows of the constraint (isIn's values, maxLength's max: its
 * metadata) and from the value at fault; the English a validator produced is only read
 * where it is the one record of what went wrong (a custom `matches` message).
 */
export interface ConstraintFailure {
  /** class-validator's name of the constraint: a key of `ValidationError.constraints`. */
  constraint: string;
  /** The English message, without the property's name in front. */
  english: string;
  value: unknown;
  /** The constraint's arguments as declared (`@IsIn(values)` → `[values]`). */
  args: readonly unknown[];
  /** The API's path of the field (`hours`, `initialStatus.reason`). */
  field: string;
}

type Message = [MessageId, MessageParams?];

export const constraintMessageId = (constraint: string) => `validation.${constraint}`;

export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(CATALOGUE, id);
}

/**
 * One failed constraint in both languages. The API sends the English the validator wrote
 * (its contract) and this Japanese; the catalogue's English is the same sentence for
 * class-validator's own constraints (validation-ja.spec checks it). A constraint without an
 * entry gets the generic message with the English.
 */
export function renderConstraint(failure: ConstraintFailure): Rendered {
  try {
    const refine = REFINEMENTS[failure.constraint];
    const [id, params] = refine ? refine(failure) : [constraintMessageId(failure.constraint), {}];
    if (isMessageId(id)) return render(id, params);
  } catch (error) {
    // A slip in the catalogue must not turn a 400 into a 500; it is logged, and tested against.
    logger.error(`no Japanese for ${failure.constraint} of ${failure.field}: ${(error as Error).message}`);
  }
  return render('validation.fallback', { english: failure.english });
}

export const japaneseOf = (failure: ConstraintFailure): string => renderConstraint(failure).messageJa;

const lastSegment = (field: string) => field.replace(/^.*[.[]/, '').replace(/]$/, '');
const logger = new Logger('ValidationMessages');
const first = (failure: ConstraintFailure) => failure.args[0];
const numberFrom = (english: string) => /-?\d+(\.\d+)?/.exec(english)?.[0] ?? '?';
const bound = (failure: ConstraintFailure) => (typeof first(failure) === 'number' ? (first(failure) as number) : numberFrom(failure.english));

/** The constraints whose message takes parameters or depends on what exactly is wrong. */
const REFINEMENTS: Record<string, (failure: ConstraintFailure) => Message> = {
  whitelistValidation: (f) => ['validation.whitelistValidation', { property: lastSegment(f.field) }],
  nestedValidation: (f) => ['validation.nestedValidation', { property: lastSegment(f.field) }],
  arrayUnique: (f) => ['validation.arrayUnique', { property: lastSegment(f.field) }],
  isIn: (f) => ['validation.isIn', allowedValues(Array.isArray(first(f)) ? (first(f) as unknown[]) : null, f.english)],
  isEnum: (f) => ['validation.isEnum', allowedValues(Array.isArray(f.args[1]) ? (f.args[1] as unknown[]) : null, f.english)],
  maxLength: (f) => ['validation.maxLength', { max: bound(f) }],
  minLength: (f) => ['validation.minLength', { min: bound(f) }],
  min: (f) => ['validation.min', { min: bound(f) }],
  max: (f) => ['validation.max', { max: bound(f) }],
  arrayMaxSize: (f) => ['validation.arrayMaxSize', { max: bound(f) }],
  arrayMinSize: (f) => ['validation.arrayMinSize', { min: bound(f) }],
  matches: (f) => {
    const pattern = first(f);
    if (pattern instanceof RegExp && pattern.source === PREFECTURE_CODE.source) return ['validation.matches.prefectureCode'];
    return ['validation.matches', { pattern: String(pattern), english: f.english }];
  },
  isCleanText: (f) => cleanTextMessage(f.value, { multiline: (first(f) as { multiline?: boolean } | undefined)?.multiline ?? false }) ?? ['validation.isCleanText'],
  isHttpUrl: (f) => httpUrlMessage(f.value),
  isOperatorCode: (f) => codeMessage(f.value, 'validation.isOperatorCode'),
  isLgCode: (f) => (typeof f.value === 'string' ? codeMessage(f.value, 'validation.isLgCode') : ['validation.isString']),
  isHours: (f) => ['validation.isHours', { problems: hoursProblems(f.value).map((problem) => hoursProblemJa(f.field, problem)).join('；') }],
};

// The label tables of the API's vocabularies: an allowed value shows with its Japanese word.
const LABEL_TABLES: Readonly<Record<string, labels.Label>>[] = [
  labels.STATUS_LABELS,
  labels.CHANNEL_KIND_LABELS,
  labels.CATEGORY_LABELS,
  labels.AUDIENCE_LABELS,
  labels.SEVERITY_LABELS,
  labels.FINDING_KIND_LABELS,
  labels.LG_KIND_LABELS,
  labels.STORAGE_LABELS,
  labels.VERIFICATION_METHOD_LABELS,
  labels.LEGAL_FORM_LABELS,
];

/**
 * The allowed values as class-validator lists them (`active, suspended`) and in Japanese
 * (`active（稼働中）、suspended（停止中）`: each with its label where a vocabulary has them all).
 */
export function allowedValues(values: readonly unknown[] | null, english: string): { values: string; valuesJa: string } {
  const list = values?.map(String) ?? english.replace(/^.*following values: /, '').split(', ');
  const table = LABEL_TABLES.find((t) => list.every((value) => Object.hasOwn(t, value)));
  return { values: list.join(', '), valuesJa: list.map((value) => (table ? `${value}（${table[value].label}）` : value)).join('、') };
}

const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

function cleanTextMessage(value: unknown, options: { multiline: boolean }): Message | null {
  if (typeof value !== 'string') return null;
  const refused = firstRefused(value, options);
  if (!refused) return null;
  return [`validation.isCleanText.${refused.class}`, { codePoint: codePointName(refused.codePoint), position: refused.position }];
}

// In the order url.ts' httpUrlProblem checks.
function httpUrlMessage(value: unknown): Message {
  if (typeof value !== 'string') return ['validation.isHttpUrl'];
  if (value.length > MAX_URL_LENGTH) return ['validation.isHttpUrl.tooLong', { max: MAX_URL_LENGTH.toLocaleString('en') }];
  const refused = cleanTextMessage(value, { multiline: false });
  if (refused) return refused;
  if (value.trim() !== value) return ['validation.isHttpUrl.spaces'];
  return ['validation.isHttpUrl'];
}

function codeMessage(value: unknown, otherwise: 'validation.isOperatorCode' | 'validation.isLgCode'): Message {
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    if (lgCodeProblem(value) === 'check_digit') return ['validation.isLgCode.checkDigit', { expected: checkDigit(value.slice(0, 5)) }];
    return ['validation.isLgCode'];
  }
  return [otherwise];
}

/**
 * The problems hours.ts finds are English sentences that begin with the path of the part
 * at fault; each is read back into a catalogue message. A sentence no pattern knows gets the
 * generic message with the English (hours-ja tests list every kind hours.ts produces).
 */
const HOURS_PROBLEMS: [RegExp, (m: RegExpExecArray) => Message][] = [
  [/^must be an object with a type of "always", "days" or "weekly"$/, () => ['validation.hours.notObject']],
  [/^(\S+) is not a known property$/, () => ['validation.hours.unknownProperty']],
  [/^type must be "always", "days" or "weekly"$/, () => ['validation.hours.type']],
  [/^ranges must be an array \(use type "always" for 24 hours\)$/, () => ['validation.hours.rangesArray']],
  [/^ranges must not be empty unless seasons, specialOpenings or monthly open it/, () => ['validation.hours.rangesEmpty']],
  [/^days must be a non-empty array of (.+)$/, (m) => ['validation.hours.days', { values: m[1], valuesJa: m[1].split(', ').join('、') }]],
  [/^days must not repeat a day$/, () => ['validation.hours.repeatedDay']],
  [/^(\S+) must be one of (.+)$/, (m) => ['validation.hours.oneOf', { values: m[2], valuesJa: m[2].split(', ').join('、') }]],
  [/^(\S+) must be a string of at most (\d+) characters$/, (m) => ['validation.hours.text', { max: m[2] }]],
  [/^(\S+) must be an array$/, () => ['validation.hours.array']],
  [/^(\S+) must be a non-empty array$/, () => ['validation.hours.nonEmptyArray']],
  [/^(\S+) may hold at most (\d+) entries$/, (m) => ['validation.hours.tooMany', { max: m[2] }]],
  [/^(\S+) must be an object$/, () => ['validation.hours.object']],
  [/^(\S+) must be an object with (.+)$/, (m) => ['validation.hours.rangeObject', { keys: m[2].replace(/,? and |, /g, '、') }]],
  [/^(\S+) must be true or false$/, () => ['validation.hours.boolean']],
  [/^(\S+) must be a day of the year MM-DD \(yearly\)$/, () => ['validation.hours.yearlyDate']],
  [/^(\S+) must be a date YYYY-MM-DD /, () => ['validation.hours.date']],
  [/^(\S+) must not be before from$/, () => ['validation.hours.toBeforeFrom']],
  [/^(\S+) must be 1 to 5 /, () => ['validation.hours.week']],
  [/^(\S+) must be a time HH:MM from 00:00 to 23:59$/, () => ['validation.hours.start']],
  [/^(\S+) must be a time HH:MM from 00:00 to 48:00 \(past 24:00: the next day\)$/, () => ['validation.hours.end']],
  [/^(\S+) must be a time HH:MM from 00:00 to 48:00$/, () => ['validation.hours.lastIntake']],
  [/^(\S+) must lie after start and before end$/, () => ['validation.hours.intakeOutside']],
  [/^(\S+) is empty: start and end are the same/, () => ['validation.hours.emptyRange']],
];

const TEXT_PROBLEM = /^(\S+) (.+) \((U\+[0-9A-F]{4,6}) at character (\d+)\)$/;
const OVERLAP = /^(\S+) and (\S+) overlap$/;

/** `hours.ranges[0].start: 時刻は HH:MM 形式（00:00〜23:59）で入力してください` */
export function hoursProblemJa(field: string, problem: string): string {
  // Every problem but "must be an object …" (the whole value) begins with the path at fault.
  const path = problem.startsWith('must ') ? '' : problem.slice(0, problem.indexOf(' '));
  const at = (part: string) => (part ? `${field}.${part}` : field);
  const [id, params] = hoursProblemMessage(problem, at);
  // A sentence no pattern knows keeps its English whole, path included.
  return `${id === 'validation.hours.other' ? field : at(path)}: ${render(id, params).messageJa}`;
}

export function hoursProblemMessage(problem: string, at: (path: string) => string): Message {
  const overlap = OVERLAP.exec(problem);
  if (overlap) return ['validation.hours.overlap', { other: at(overlap[2]) }];
  const text = TEXT_PROBLEM.exec(problem);
  const textClass = text && (Object.keys(CHARACTER_CLASSES) as CharacterClassName[]).find((name) => CHARACTER_CLASSES[name].message === text[2]);
  if (text && textClass) return [`validation.isCleanText.${textClass}`, { codePoint: text[3], position: text[4] }];
  for (const [pattern, message] of HOURS_PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return message(match);
  }
  return ['validation.hours.other', { english: problem }];
}

const storage = getMetadataStorage();

/**
 * The arguments a constraint was declared with on the error's property, read from
 * class-validator's metadata: the error's target is the object validated (the pipe asks for
 * it), whose class carries the rules. Empty when class-validator was not given the target.
 */
export function constraintArguments(error: ValidationError, constraint: string): readonly unknown[] {
  const target = error.target;
  if (!target || typeof target !== 'object') return [];
  const metadatas = storage.getTargetValidationMetadatas(target.constructor, '', true, false);
  for (const metadata of metadatas) {
    if (metadata.propertyName !== error.property) continue;
    const name = metadata.type === ValidationTypes.CUSTOM_VALIDATION ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]?.name : metadata.type;
    if (name === constraint) return metadata.constraints ?? [];
  }
  return [];
}
