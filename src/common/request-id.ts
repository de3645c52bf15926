import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

/** Short and made of characters that cannot break a log line or a header. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RequestWithId = Request & { id: string };

/**
 * The request's id: a sane incoming X-Request-Id, otherwise a new one; set on the request
 * (the error body and the log lines carry it) and echoed in the response. Calling it again
 * for the same request returns the same id.
 */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const carrier = req as IncomingMessage & { id?: unknown };
  if (typeof carrier.id === 'string') return carrier.id;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  carrier.id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

/** Honours a sane incoming X-Request-Id, otherwise makes one; echoes it back. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  assignRequestId(req, res);
  next();
}

export function requestIdOf(req: unknown): string {
  return (req as Partial<RequestWithId>)?.id ?? 'unknown';
}
