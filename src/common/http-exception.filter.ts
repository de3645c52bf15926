import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { render } from '../i18n/messages';
import { negotiateLanguage } from './accept-language';
import { routeOf } from '../logging/logging.module';
import { ApiError, ErrorBody, ErrorDetail } from './errors';
import { requestIdOf } from './request-id';
import { summaryJa } from './validation';
import { isMessageId } from './validation-ja';

/** Errors thrown by express' body parser carry a status and a type. */
interface BodyParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'request body is too large',
  'entity.parse.failed': 'request body is not valid JSON',
  'encoding.unsupported': 'request body encoding is not supported',
  'charset.unsupported': 'request body charset is not supported',
  'request.aborted': 'request was aborted',
};

/** PostgreSQL error codes that mean "the database is not reachable right now". */
const DB_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']);

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = this.toBody(exception, requestIdOf(req));
    if (body.statusCode >= 500 && body.statusCode !== HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.error(`${req.method} ${routeOf(req)} [${body.requestId}]`, unexpectedTrace(exception));
    }
    if (res.headersSent) return;
    res.vary('Accept-Language');
    if (negotiateLanguage(req) === 'ja') {
      res.setHeader('Content-Language', 'ja');
      res.status(body.statusCode).json(inJapanese(body));
    } else {
      res.status(body.statusCode).json(inEnglish(body));
    }
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const { message, details, messageJa } = this.describe(exception);
      return { statusCode, error: errorName(statusCode), message, ...(details ? { details } : {}), ...(messageJa ? { messageJa } : {}), requestId };
    }
    const parserError = exception as BodyParserError;
    const parserStatus = parserError?.status ?? parserError?.statusCode;
    if (parserError?.type && parserStatus && parserStatus >= 400 && parserStatus < 500) {
      return { statusCode: parserStatus, error: errorName(parserStatus), message: BODY_PARSER_MESSAGES[parserError.type] ?? 'malformed request body', requestId };
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`database unavailable [${requestId}]: ${(exception as Error).message}`);
      return { statusCode: 503, error: errorName(503), message: 'the database is unavailable; try again shortly', requestId };
    }
    return { statusCode: 500, error: errorName(500), message: 'internal error', requestId };
  }

  private describe(exception: HttpException): { message: string; details?: ErrorDetail[]; messageJa?: string } {
    if (exception instanceof ApiError) return { message: exception.message, details: exception.details, messageJa: exception.messageJa };
    const response = exception.getResponse();
    if (typeof response === 'string') return { message: response };
    const health = healthReport(response);
    if (health) return health;
    const { message } = response as { message?: string | string[] };
    if (Array.isArray(message)) return { message: message.join('; ') };
    return { message: message ?? exception.message };
  }
}

/**
 * The body for a client that asked for Japanese: every detail and the body carry messageJa.
 * A detail raised in code with English only gets the generic Japanese with its English; the
 * body's message, when no Japanese came with the error, is the details' (as the English is)
 * or the generic Japanese of its status.
 */
export function inJapanese(body: ErrorBody): ErrorBody {
  const fallback = (english: string) =>
    body.statusCode < 500 ? render('validation.fallback', { english }).messageJa : statusMessageJa({ ...body, message: english });
  const details = body.details?.map((d) => ({ ...d, messageJa: d.messageJa ?? fallback(d.message) }));
  const messageJa = body.messageJa ?? (details?.length && body.statusCode === HttpStatus.BAD_REQUEST ? summaryJa(details) : undefined) ?? statusMessageJa(body);
  const { requestId, ...rest } = body;
  return { ...rest, ...(details ? { details } : {}), messageJa, requestId };
}

function statusMessageJa({ statusCode, message }: ErrorBody): string {
  const id = `error.${statusCode}`;
  return render(isMessageId(id) ? id : 'error.other', { english: message }).messageJa;
}

/** The body for everyone else: as it always was, without Japanese. */
export function inEnglish(body: ErrorBody): ErrorBody {
  const { messageJa: _, ...rest } = body;
  if (!rest.details) return rest;
  return { ...rest, details: rest.details.map(({ messageJa: _ja, ...detail }) => detail) };
}

// node-pg reports a lost or refused connection sometimes with a code, sometimes only in words.
const DB_UNAVAILABLE_MESSAGE = /Connection terminated|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down)/i;

function isDatabaseUnavailable(exception: unknown): boolean {
  for (let error = exception as { code?: string; message?: string; driverError?: unknown } | undefined, depth = 0; error && depth < 3; depth++) {
    if (error.code && DB_UNAVAILABLE.has(error.code)) return true;
    if (typeof error.message === 'string' && DB_UNAVAILABLE_MESSAGE.test(error.message)) return true;
    error = error.driverError as typeof error;
  }
  return false;
}

/** Terminus' report of a failed health check: which checks are down, by name. */
function healthReport(response: object): { message: string; details: ErrorDetail[] } | null {
  const { status, details } = response as { status?: string; details?: Record<string, { status: string; message?: string }> };
  if (status !== 'error' || !details) return null;
  const down = Object.entries(details).filter(([, check]) => check.status !== 'up');
  return {
    message: `unhealthy: ${down.map(([name]) => name).join(', ')}`,
    details: down.map(([field, check]) => ({ field, message: check.message ?? check.status })),
  };
}

function errorName(status: number): string {
  const name = HttpStatus[status];
  if (!name) return status >= 500 ? 'Internal Server Error' : 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * What an unexpected error leaves in the log: its stack, but for a failed SQL statement only
 * its SQLSTATE and where it was raised (PostgreSQL's message and detail can quote the values
 * sent: `Key (name)=(…)`); never the URL's query string, which the route pattern leaves out.
 */
function unexpectedTrace(exception: unknown): string {
  if (!(exception instanceof Error)) return typeof exception;
  const code = (exception as { driverError?: { code?: unknown } }).driverError?.code ?? (exception as { code?: unknown }).code;
  if (exception.name === 'QueryFailedError' || typeof code === 'string') {
    const frames = (exception.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
    return [`${exception.name}: SQLSTATE ${String(code ?? 'unknown')}`, ...frames].join('\n');
  }
  return exception.stack ?? exception.name;
}
