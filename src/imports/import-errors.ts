import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiError, ErrorBody, ErrorDetail } from '../common/errors';
import { requestIdOf } from '../common/request-id';
import { render, Rendered } from '../i18n/messages';
import { COLUMN_NAMES } from './columns';
import type { RowError } from './rows';
import type { FileProblem } from './sheet';

const SHOWN_IN_MESSAGE = 10;

/**
 * An import refused as a whole. The standard error body, whose details name every error
 * as `row 12: contact` (with its message in English and Japanese), plus the same errors as
 * `{ row, column, header, message, messageJa }` for programs; the body's message is in both
 * languages too (`message`, `messageJa`).
 */
export class ImportRejected extends ApiError {
  readonly errors: RowError[];
  override readonly messageJa: string;

  constructor(status: HttpStatus, summary: Rendered, errors: RowError[], details?: ErrorDetail[]) {
    const sorted = sortErrors(errors);
    const rowDetails = sorted.map((e) => ({ field: fieldOf(e), message: e.message, messageJa: e.messageJa }));
    const all = details ?? rowDetails;
    const shown = rowDetails.slice(0, SHOWN_IN_MESSAGE);
    const more = rowDetails.length > SHOWN_IN_MESSAGE ? render('import.file.moreErrors', { count: rowDetails.length - SHOWN_IN_MESSAGE }) : { message: '', messageJa: '' };
    const message = shown.length ? `${summary.message}: ${shown.map((d) => `${d.field}: ${d.message}`).join('; ')}${more.message}` : summary.message;
    const messageJa = shown.length ? `${summary.messageJa}。${shown.map((d) => d.messageJa).join('／')}${more.messageJa}` : summary.messageJa;
    super(status, message, all, messageJa);
    this.messageJa = messageJa;
    this.errors = sorted;
  }

  /** A file that cannot be read as an import at all (400), naming the query parameter at fault if one is. */
  static ofFile(problem: FileProblem): ImportRejected {
    const details = problem.field ? [{ field: problem.field, ...problem.rendered }] : [];
    return new ImportRejected(HttpStatus.BAD_REQUEST, problem.rendered, [], details);
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
      messageJa: exception.messageJa,
      details: exception.details,
      requestId: requestIdOf(ctx.getRequest<Request>()),
      errors: exception.errors,
    };
    if (!res.headersSent) res.status(statusCode).json(body);
  }
}
