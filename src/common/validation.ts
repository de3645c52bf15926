import { ValidationError, ValidationPipe } from '@nestjs/common';
import { render } from '../i18n/messages';
import { ApiError, badRequest, ErrorDetail } from './errors';
import { constraintArguments, japaneseOf } from './validation-ja';

/**
 * Flattens class-validator's tree into `{ field: 'a.b[0].c', message, messageJa }`: the
 * English as the validator wrote it, the Japanese from the message catalogue. Both are
 * rendered here, where the constraints are known; the exception filter sends messageJa only
 * to clients that ask for Japanese.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([constraint, text]) => {
      const message = stripProperty(text, error.property);
      const messageJa = japaneseOf({ constraint, english: message, value: error.value, args: constraintArguments(error, constraint), field });
      return { field, message, messageJa };
    });
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property) ? `${parent}[${property}]` : `${parent}.${property}`;
}

function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/** The 400 of a request that fails validation: every detail, in the message as in the details. */
export function validationFailed(details: ErrorDetail[]): ApiError {
  const message = details.map((d) => `${d.field}: ${d.message}`).join('; ') || 'invalid input';
  return badRequest(message, details, summaryJa(details));
}

/** `入力内容に2件の誤りがあります。name: …；category: …` */
export function summaryJa(details: ErrorDetail[]): string | undefined {
  if (!details.length || details.some((d) => d.messageJa === undefined)) return undefined;
  return render('validation.summary', { count: details.length, list: details.map((d) => `${d.field}: ${d.messageJa}`).join('；') }).messageJa;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The object validated, so that a constraint's arguments (isIn's values) can be read
    // from its class' metadata for the Japanese; the factory never sends it.
    validationError: { target: true },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
}
