import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../common/errors';
import { HttpStatus } from '@nestjs/common';

/** A sign-in form is a token and a CSRF value: a few hundred bytes. */
const FORM_LIMIT_BYTES = 4096;

/**
 * The signed-in pages' form posts (application/x-www-form-urlencoded), read with the
 * platform's URLSearchParams: the app's body parsers are JSON and raw only, and these
 * routes need nothing more. Only single-valued fields are kept (a repeated one is dropped);
 * another content type leaves an empty form, which the handlers refuse.
 */
export function formBody(req: Request, _res: Response, next: NextFunction): void {
  if (!req.is('application/x-www-form-urlencoded')) {
    req.body = {};
    return next();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > FORM_LIMIT_BYTES && !failed) {
      failed = true;
      next(new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, 'the form is too large'));
    }
    if (!failed) chunks.push(chunk);
  });
  req.on('error', (error) => {
    if (!failed) next(error);
    failed = true;
  });
  req.on('end', () => {
    if (failed) return;
    const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const form: Record<string, string> = Object.create(null);
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      if (values.length === 1) form[key] = values[0];
    }
    req.body = form;
    next();
  });
}

/** A field of the form, or undefined. */
export function formField(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value : undefined;
}
