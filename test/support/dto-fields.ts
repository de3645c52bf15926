import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';

/*
 * The string fields of a DTO, read from class-validator's metadata (what the decorators
 * registered), so that a test covers every field a DTO has, including one added later.
 * A validator this file does not know makes it throw: whoever adds one says here whether it
 * takes strings, rather than its fields being silently left out.
 */

export type DtoClass = abstract new (...args: never[]) => object;

/** What a field's validators let through, as far as strings go. */
export type StringRule =
  /** Free text: the clean-text rule (IsText, IsCleanText), multi-line or not. */
  | { kind: 'text'; multiline: boolean }
  /** An http(s) URL (IsHttpUrl). */
  | { kind: 'url' }
  /** One of a list of words (IsIn). */
  | { kind: 'enum'; allowed: readonly string[] }
  /** A format a regular expression or a parser checks (IsInstant, IsOperatorCode, IsLgCode, IsUUID, Matches). */
  | { kind: 'format'; validator: string; pattern: RegExp | null }
  /** Hours: an object whose `notes` is multi-line free text (checked by hoursProblems). */
  | { kind: 'hours' }
  /** A string no rule checks beyond its type and length: what the clean-text guard reports. */
  | { kind: 'unchecked' };

export interface StringField {
  /** The DTO class that declares the top-level property. */
  dto: string;
  /** The field as the API's error details name it: `name`, `initialStatus.reason`. */
  field: string;
  /** The property path in a body. */
  path: string[];
  /** An array of such strings (a validator with `each`). */
  each: boolean;
  /** Whether a body may leave the field out (IsOptional, ValidateIf). */
  optional: boolean;
  /** MaxLength's bound, when it has one. */
  maxLength: number | null;
  rule: StringRule;
  /** The names of its validators, for messages. */
  validators: string[];
}

/** Validators that take strings, and what they make of the field (in this order of precedence). */
const STRING_VALIDATORS = ['isHttpUrl', 'isCleanText', 'isIn', 'isInstant', 'isOperatorCode', 'isLgCode', 'isUuid', 'matches', 'isHours', 'isString', 'maxLength', 'minLength'] as const;
const FORMAT_VALIDATORS = new Set(['isInstant', 'isOperatorCode', 'isLgCode', 'isUuid', 'matches']);
/** Validators of fields that are not strings (or of the array around them). */
const OTHER_VALIDATORS = new Set(['isBoolean', 'isArray', 'arrayUnique', 'arrayMinSize', 'arrayMaxSize', 'isObject', 'isInt', 'min', 'max', 'isDefined', 'isCalendarDate']);

interface Metadata {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}

function metadataOf(dto: DtoClass): Metadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(dto as unknown as new () => object, '', true, false) as Metadata[];
}

/** Whether any class-validator decorator is on the class (response DTOs have none). */
export function hasValidation(dto: DtoClass): boolean {
  return metadataOf(dto).length > 0;
}

/** Every string field of the DTO, nested DTOs (ValidateNested) included, in declaration order. */
export function stringFields(dto: DtoClass, prefix: string[] = [], root = dto.name): StringField[] {
  const byProperty = new Map<string, Metadata[]>();
  for (const m of metadataOf(dto)) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  const fields: StringField[] = [];
  for (const [property, metadata] of byProperty) {
    const path = [...prefix, property];
    const where = `${root}.${path.join('.')}`;
    const optional = metadata.some((m) => m.type === 'conditionalValidation');
    if (metadata.some((m) => m.type === 'nestedValidation')) {
      const nested = Reflect.getMetadata('design:type', dto.prototype, property) as DtoClass | undefined;
      if (!nested || nested === Object || nested === Array) throw new Error(`${where}: a nested DTO whose class the metadata does not give (an array of DTOs?): teach test/support/dto-fields.ts`);
      fields.push(...stringFields(nested, path, root));
      continue;
    }
    const validations = metadata.filter((m) => m.type === 'customValidation');
    const names = validations.map((m) => m.name ?? '(unnamed)');
    const unknown = names.filter((n) => !(STRING_VALIDATORS as readonly string[]).includes(n) && !OTHER_VALIDATORS.has(n));
    if (unknown.length) throw new Error(`${where}: validator ${unknown.join(', ')} is not known to test/support/dto-fields.ts: add it to STRING_VALIDATORS or OTHER_VALIDATORS`);
    const stringValidations = validations.filter((m) => (STRING_VALIDATORS as readonly string[]).includes(m.name!));
    if (stringValidations.length === 0) continue;
    const find = (name: string) => stringValidations.find((m) => m.name === name);
    const decisive = STRING_VALIDATORS.map(find).find((m) => m !== undefined)!;
    const maxLength = find('maxLength')?.constraints?.[0];
    fields.push({
      dto: root,
      field: path.join('.'),
      path,
      each: stringValidations.some((m) => m.each),
      optional,
      maxLength: typeof maxLength === 'number' ? maxLength : null,
      rule: ruleOf(decisive, find('isCleanText')),
      validators: names,
    });
  }
  return fields;
}

function ruleOf(decisive: Metadata, cleanText: Metadata | undefined): StringRule {
  const name = decisive.name!;
  if (name === 'isHttpUrl') return { kind: 'url' };
  if (name === 'isCleanText') return { kind: 'text', multiline: Boolean((cleanText!.constraints?.[0] as { multiline?: boolean } | undefined)?.multiline) };
  if (name === 'isIn') return { kind: 'enum', allowed: decisive.constraints![0] as string[] };
  if (FORMAT_VALIDATORS.has(name)) return { kind: 'format', validator: name, pattern: name === 'matches' ? (decisive.constraints![0] as RegExp) : null };
  if (name === 'isHours') return { kind: 'hours' };
  return { kind: 'unchecked' };
}

/**
 * The body a DTO needs around one field: every field that may not be left out, set to a
 * valid sample (`samples` by field, else the rule's own). Used for nested DTOs, whose
 * required fields the caller does not list.
 */
export function requiredSample(dto: DtoClass, samples: Record<string, unknown> = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of stringFields(dto)) {
    if (field.optional || field.path.length > 1) continue;
    const value = field.field in samples ? samples[field.field] : sampleOf(field);
    body[field.field] = field.each ? [value] : value;
  }
  return body;
}

/** A valid value of the field's rule (one element, for an array), when the rule says what one is. */
export function sampleOf(field: StringField): unknown {
  const rule = field.rule;
  switch (rule.kind) {
    case 'text':
      return '相談窓口';
    case 'url':
      return 'https://example.jp/相談';
    case 'enum':
      return rule.allowed[0];
    case 'hours':
      return { type: 'always', notes: '24時間' };
    case 'format': {
      const sample = rule.validator === 'matches' && rule.pattern ? MATCHES_SAMPLES.find((m) => rule.pattern!.test(m)) : FORMAT_SAMPLES[rule.validator];
      if (sample === undefined || (rule.pattern && !rule.pattern.test(sample))) throw new Error(`${field.dto}.${field.field}: no sample value for its format (${rule.validator} ${String(rule.pattern)}): add one to FORMAT_SAMPLES`);
      return sample;
    }
    case 'unchecked':
      return 'x';
  }
}

/** Valid samples of the formats: 鹿児島市 (462012) and 鹿児島県 (46), which the hostile suite writes to. */
export const FORMAT_SAMPLES: Record<string, string> = {
  isInstant: '2021-03-26T00:00:00+09:00',
  isOperatorCode: '462012',
  isLgCode: '462012',
  isUuid: '00000000-0000-4000-8000-000000000000',
};

/** Valid samples of the patterns Matches checks, the first a pattern takes: a prefecture number, an organisation's code. */
export const MATCHES_SAMPLES = ['46', 'hostile_sample'];

/** Sets a value at a path of a body (copying the objects on the way). */
export function withValue(body: Record<string, unknown>, path: string[], value: unknown, nested: (path: string[]) => Record<string, unknown> = () => ({})): Record<string, unknown> {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...body, [head]: value };
  const inner = (body[head] as Record<string, unknown> | undefined) ?? nested([head]);
  return { ...body, [head]: withValue(inner, rest, value, (p) => nested([head, ...p])) };
}

/** The DTO class at a path of nested DTOs (ValidateNested), starting from `dto`. */
export function nestedDto(dto: DtoClass, path: string[]): DtoClass {
  return path.reduce<DtoClass>((cls, property) => Reflect.getMetadata('design:type', cls.prototype, property) as DtoClass, dto);
}

/**
 * The body with the field set to `value`: a nested DTO the body does not have yet is made
 * from its required fields (requiredSample), so that only the field under test is wrong.
 */
export function bodyWith(dto: DtoClass, body: Record<string, unknown>, field: StringField, value: unknown): Record<string, unknown> {
  return withValue(body, field.path, value, (prefix) => requiredSample(nestedDto(dto, prefix)));
}
