import { HttpException, HttpStatus } from '@nestjs/common';
import type { Rendered } from '../i18n/messages';

export interface ErrorDetail {
  field: string;
  message: string;
  /** The same in Japanese (from the message catalogue, src/i18n/messages), where the client asked for it or always for imports. */
  messageJa?: string;
}

/** The one error body every endpoint answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: ErrorDetail[];
  /** The message in Japanese, where there is one and the client asked for Japanese. */
  messageJa?: string;
  requestId: string;
}

/** A 4xx whose details name the fields at fault (and `messageJa`: the message in Japanese, where there is one). */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    readonly details?: ErrorDetail[],
    readonly messageJa?: string,
  ) {
    super(message, status);
  }
}

export const badRequest = (message: string, details?: ErrorDetail[], messageJa?: string) => new ApiError(HttpStatus.BAD_REQUEST, message, details, messageJa);
export const fieldError = (field: string, message: string) => badRequest(`${field}: ${message}`, [{ field, message }]);
/** fieldError with a message of the catalogue: `fieldProblem('id', render('validation.uuidParam'))`. */
export const fieldProblem = (field: string, { message, messageJa }: Rendered) =>
  badRequest(`${field}: ${message}`, [{ field, message, messageJa }], `${field}: ${messageJa}`);
export const notFound = (what: string) => new ApiError(HttpStatus.NOT_FOUND, `${what} not found`);
export const conflict = (message: string, details?: ErrorDetail[]) => new ApiError(HttpStatus.CONFLICT, message, details);
export const forbidden = (message: string) => new ApiError(HttpStatus.FORBIDDEN, message);
export const unauthorized = (message: string) => new ApiError(HttpStatus.UNAUTHORIZED, message);
export const preconditionFailed = (message: string) => new ApiError(HttpStatus.PRECONDITION_FAILED, message);
