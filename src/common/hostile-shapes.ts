import type { NextFunction, Request, Response } from 'express';
import { render } from '../i18n/messages';
import { badRequest, fieldProblem } from './errors';

const MAX_DEPTH = 32;

// Keys that name members of every object: class-transformer drops them silently, so they
// would slip past the "unknown field" check that every other stray key meets.
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']);

/**
 * How deeply a parsed JSON value nests, counted without recursion (a hostile body could be
 * thousands deep), and the first reserved key it uses, if any.
 */
export function inspectBody(value: unknown, limit = Infinity): { depth: number; reservedKey: string | null } {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return { depth: deepest, reservedKey: null };
    for (const key of Object.keys(node)) {
      if (RESERVED_KEYS.has(key)) return { depth: deepest, reservedKey: key };
      stack.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return { depth: deepest, reservedKey: null };
}

function reservedQueryKey(url: string): string | null {
  const query = url.indexOf('?');
  if (query < 0) return null;
  for (const key of new URLSearchParams(url.slice(query + 1)).keys()) {
    const name = key.split('[')[0];
    if (RESERVED_KEYS.has(name)) return name;
  }
  return null;
}

/**
 * No request body of ours nests more than a few levels; a far deeper one would only make the
 * validation's recursion overflow the stack. Refused with a 400 before it gets there, and so
 * are reserved keys in bodies and query strings.
 */
export function rejectHostileShapes(req: Request, _res: Response, next: NextFunction): void {
  const queryKey = reservedQueryKey(req.originalUrl);
  if (queryKey) return next(fieldProblem(queryKey, render('validation.unknownParameter')));
  if (!req.body || typeof req.body !== 'object' || Buffer.isBuffer(req.body)) return next();
  const { depth, reservedKey } = inspectBody(req.body, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    const tooDeep = render('validation.tooDeep', { max: MAX_DEPTH });
    return next(badRequest(`request body ${tooDeep.message}`, [{ field: 'body', ...tooDeep }], `body: ${tooDeep.messageJa}`));
  }
  if (reservedKey) return next(fieldProblem(reservedKey, render('validation.reservedKey')));
  next();
}
