import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { render } from '../i18n/messages';
import { fieldProblem } from './errors';
import { UUID } from './text';

@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  constructor(private readonly field = 'id') {}

  transform(value: string): string {
    if (!UUID.test(value)) throw fieldProblem(this.field, render('validation.uuidParam'));
    return value.toLowerCase();
  }
}

/** A numeric id such as a status change's. */
@Injectable()
export class DigitsPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!/^\d{1,18}$/.test(value)) throw fieldProblem(this.field, render('validation.numericIdParam'));
    return value;
  }
}

/**
 * The version an `If-Match` header names: `"3"`, `W/"3"` or a bare `3`; `*` (any version)
 * and no header give undefined.
 */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const header = context.switchToHttp().getRequest<Request>().header('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw fieldProblem('If-Match', render('validation.ifMatch'));
  return Number(match[1]);
});

export const etagOf = (version: number) => `"${version}"`;
