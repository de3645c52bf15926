import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, ErrorBody } from '../common/errors';
import { requestIdOf } from '../common/request-id';
import { COLUMN_NAMES } from './columns';
import type { RowError } from './rows';

const SHOWN_IN_MESSAGE = 10;

/**
 * An import refused as a whole. The standard error body, whose details name every error
 * as `row 12: contact`, plus the same errors as `{ row, column, message }` for programs.
 */
export class ImportRejected extends ApiError {
  readonly errors: RowError[];

  constructor(status: HttpStatus, summary: string, errors: RowError[]) {
    const sorted = sortErrors(errors);
    const details = sorted.map((e) => ({ field: fieldOf(e), message: e.message }));
    const shown = details.slice(0, SHOWN_IN_MESSAGE).map((d) => `${d.field}: ${d.message}`);
    const more = details.length > SHOWN_IN_MESSAGE ? `; and ${details.length - SHOWN_IN_MESSAGE} more` : '';
    super(status, shown.length ? `${summary}: ${shown.join('; ')}${more}` : summary, details);
    this.errors = sorted;
  }
}

function fieldOf(error: RowError): string {
  return error.column ? `row ${error.row}: ${error.column}` : `row ${error.row}`;
}

function sortErrors(errors: RowError[]): RowError[] {
  const order = (column: string | null) => (column === null ? -1 : (COLUMN_NAMES as readonly string[]).indexOf(column));
  return errors
    .map((error, i) => ({ error, i }))
    .sort((a, b) => a.error.row - b.error.row || order(a.error.column) - order(b.error.column) || a.i - b.i)
    .map(({ error }) => error);
}

/** Renders ImportRejected; everything else goes on to the application's filter. */
@Catch(ImportRejected)
export class ImportRejectedFilter implements ExceptionFilter {
  catch(exception: ImportRejected, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const statusCode = exception.getStatus();
    const body: ErrorBody & { errors: RowError[] } = {
      statusCode,
      error: statusCode === HttpStatus.UNPROCESSABLE_ENTITY ? 'Unprocessable Entity' : 'Bad Request',
      message: exception.message,
      details: exception.details,
      requestId: requestIdOf(ctx.getRequest<Request>()),
      errors: exception.errors,
    };
    if (!res.headersSent) res.status(statusCode).json(body);
  }
}
