import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { IsOptional, Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { describeCodeProblem, NATIONAL_BODY_CODE, PREFECTURE_CODE, PREFECTURE_CODE_MESSAGE } from '../local-governments/lg-code';
import { httpUrlProblem } from './url';

/** Optional, but null is not a value it may take. */
export const IsOptionalNonNull = () => ValidateIf((_, value) => value !== undefined);

function simpleDecorator(name: string, validate: (value: unknown) => boolean, message: (value: unknown) => string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: { validate, defaultMessage: (args) => message(args?.value) },
    });
}

/**
 * An http(s) URL of at most 2,048 characters that is clean text on one line (see httpUrlProblem;
 * null and undefined pass: pair with IsOptional, or IsString for a required URL).
 */
export const IsHttpUrl = (options?: ValidationOptions) =>
  simpleDecorator(
    'isHttpUrl',
    (v) => v === null || v === undefined || (typeof v === 'string' && httpUrlProblem(v) === null),
    (v) => (typeof v === 'string' ? httpUrlProblem(v) : null) ?? 'must be an http(s) URL',
    options,
  );

/** A local-government code with a valid check digit, or the lowercase code of a national body or of an organisation. */
export const IsOperatorCode = (options?: ValidationOptions) =>
  simpleDecorator(
    'isOperatorCode',
    (v) => typeof v === 'string' && (/^\d+$/.test(v) ? describeCodeProblem(v) === null : NATIONAL_BODY_CODE.test(v)),
    (v) =>
      typeof v === 'string' && /^\d+$/.test(v)
        ? (describeCodeProblem(v) ?? '')
        : 'must be a 6-digit local-government code, or the code of a national body (such as mhlw) or of an organisation',
    options,
  );

/** A local-government code with a valid check digit. */
export const IsLgCode = (options?: ValidationOptions) =>
  simpleDecorator('isLgCode', (v) => typeof v === 'string' && describeCodeProblem(v) === null, (v) => (typeof v === 'string' ? (describeCodeProblem(v) ?? '') : 'must be a string'), options);

/** A 2-digit prefecture number, 01 to 47 (`each`: every element of an array). */
export const IsPrefectureCode = (options: { each?: boolean } = {}) =>
  Matches(PREFECTURE_CODE, { each: options.each, message: `${options.each ? 'each of ' : ''}$property ${PREFECTURE_CODE_MESSAGE}` });

/** An optional query parameter naming a prefecture, documented in OpenAPI. */
export const OptionalPrefectureCode = (api: ApiPropertyOptions) => applyDecorators(ApiPropertyOptional(api), IsOptional(), IsPrefectureCode());

/** A real calendar day written YYYY-MM-DD (null and undefined pass: pair with IsOptional). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  simpleDecorator('isCalendarDate', (v) => v === null || v === undefined || isCalendarDate(v), () => 'must be a date YYYY-MM-DD', options);

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && value >= '1990-01-01' && value <= '2100-12-31';
}
