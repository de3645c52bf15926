import { Module } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { assignRequestId } from '../common/request-id';
import { AppConfig } from '../config/app-config';

/** Nest's level names (LOG_LEVEL) in pino's words. */
const PINO_LEVEL = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * The route the request matched, as declared (`/v1/services/:id`), never the URL itself: the
 * URL holds ids, tokens in links and query strings with personal data.
 */
export function routeOf(req: IncomingMessage): string {
  const path = (req as IncomingMessage & { route?: { path?: unknown } }).route?.path;
  // Nest answers unknown paths through a catch-all route (`{/*splat}`): no route of ours.
  return typeof path === 'string' && !path.includes('*') ? path : '(unmatched)';
}

/** Probes are asked every few seconds by the orchestrator: a line each would drown the log. */
const PROBES = new Set(['/health/live', '/health/ready']);

function requestLine(req: IncomingMessage, res: ServerResponse, durationMs: unknown) {
  return { method: req.method, route: routeOf(req), status: res.statusCode, durationMs };
}

/**
 * pino for one process. A request is one line at the end (method, route, status,
 * durationMs, requestId), and logs made while serving it carry its requestId. Neither the
 * headers nor the URL nor the body of a request are serialized, so tokens, cookies, query
 * strings and personal data never reach the log; the redaction is a second fence.
 */
export function loggerParams(config: AppConfig): Params {
  const pinoHttp: Options = {
    level: PINO_LEVEL[config.LOG_LEVEL],
    transport: config.LOG_FORMAT === 'pretty' ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,context', messageFormat: '{if context}[{context}] {end}{msg}' } } : undefined,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'], censor: '[redacted]' },
    genReqId: (req, res) => assignRequestId(req, res),
    autoLogging: { ignore: (req) => PROBES.has((req.url ?? '').split('?')[0]) },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, value) => requestLine(req, res, value.durationMs),
    customErrorObject: (req, res, _error, value) => requestLine(req, res, value.durationMs),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
  };
  return { pinoHttp };
}

/** The logger of the API and of the worker (register once, in the root module). */
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: loggerParams })],
})
export class LoggingModule {}
