import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ErrorDetail } from './domain-error';
import { ErrorCode, httpStatusFor } from './error-codes';
import type { ChronicleRequest } from './request-context';

interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: ErrorDetail[];
  correlationId: string;
}

/**
 * The single place errors are shaped. Unexpected errors are logged with the correlation id and
 * answered with a generic message: internal text can carry data the caller may not read.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const failed = failedRequest(exception, host, this.logger);
    if (failed) sendError(failed.res, failed.error, failed.req.correlationId);
  }
}

/**
 * What every error response starts from: the error as a DomainError, an unexpected one logged with
 * its stack and correlation id; null when the response was already under way (it is cut off).
 */
export function failedRequest(exception: unknown, host: ArgumentsHost, logger: Logger): { req: ChronicleRequest; res: Response; error: DomainError } | null {
  const http = host.switchToHttp();
  const req = http.getRequest<ChronicleRequest>();
  const res = http.getResponse<Response>();
  const error = toDomainError(exception);
  if (error.code === 'INTERNAL_ERROR') {
    logger.error(`[${req.correlationId}] ${req.method} ${req.path}`, exception instanceof Error ? exception.stack : String(exception));
  } else if (error.code === 'SERVICE_UNAVAILABLE' && !(exception instanceof DomainError)) {
    // The caller is told to retry; the operator still needs to know the database is down or out of connections.
    logger.warn(`[${req.correlationId}] ${req.method} ${req.path}: ${exception instanceof Error ? exception.message : String(exception)}`);
  }
  if (res.headersSent) {
    res.destroy();
    return null;
  }
  return { req, res, error };
}

export function sendError(res: Response, error: DomainError, correlationId: string): void {
  const statusCode = httpStatusFor(error.code);
  const body: ErrorBody = { statusCode, code: error.code, message: error.message, correlationId };
  if (error.details.length > 0) body.details = error.details;
  if (error.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(error.retryAfterSeconds));
  res.status(statusCode).json(body);
}

/** Maps framework and body-parser errors onto stable codes. */
export function toDomainError(exception: unknown): DomainError {
  if (exception instanceof DomainError) return exception;
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isDatabaseUnavailable(exception)) {
    // Also what a request gets that waited its 5 s for a connection when every one is busy.
    return new DomainError('SERVICE_UNAVAILABLE', 'The database is unavailable or busy; try again shortly', [], DATABASE_RETRY_AFTER_SECONDS);
  }
  const bodyParserType = (exception as { type?: unknown } | null)?.type;
  switch (bodyParserType) {
    case 'entity.parse.failed':
      return new DomainError('MALFORMED_JSON', 'The request body is not valid JSON');
    case 'entity.too.large':
      return new DomainError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'The request body encoding is not supported');
    case 'parameters.too.many':
      return new DomainError('PAYLOAD_TOO_LARGE', 'The form has too many fields');
    case 'request.size.invalid':
      return new DomainError('MALFORMED_JSON', 'The request body is not as long as its Content-Length header says');
    default:
      return unreadableBody(exception) ?? new DomainError('INTERNAL_ERROR', 'An unexpected error occurred; quote the correlation id when reporting it');
  }
}

/**
 * The body parsers mark every failure that is the sender's (http-errors: a 4xx status, exposed),
 * some with no type to name it: a body that does not decompress as its Content-Encoding says
 * carries only zlib's code. None of them is the server's fault.
 */
function unreadableBody(exception: unknown): DomainError | null {
  const { status, expose, code } = (exception ?? {}) as { status?: unknown; expose?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return null;
  if (typeof code === 'string' && code.startsWith('Z_')) return new DomainError('MALFORMED_JSON', 'The request body is not compressed as its Content-Encoding header says');
  return new DomainError('MALFORMED_JSON', 'The request body could not be read');
}

function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  switch (status) {
    case 400:
      return new DomainError('VALIDATION_FAILED', 'The request is not valid');
    case 401:
      return new DomainError('UNAUTHENTICATED', 'Authentication is required');
    case 403:
      return new DomainError('FORBIDDEN', 'You do not have permission to do this');
    case 404:
      return new DomainError('ROUTE_NOT_FOUND', 'No such route');
    case 405:
      return new DomainError('METHOD_NOT_ALLOWED', 'Method not allowed');
    case 413:
      return new DomainError('PAYLOAD_TOO_LARGE', 'The request body is too large');
    case 415:
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type');
    default:
      return status >= 500
        ? new DomainError('INTERNAL_ERROR', 'An unexpected error occurred; quote the correlation id when reporting it')
        : new DomainError('VALIDATION_FAILED', exception.message);
  }
}

/** Long enough for a restarting PostgreSQL or a burst of work to pass, short enough for a person waiting. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * PostgreSQL shutting down or restarting, the connection to it lost, none free in time, or the
 * server's connection slots all taken (53300, when other clients share it): not the caller's fault,
 * and worth a retry.
 */
const UNAVAILABLE_SQLSTATES = ['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300'];
const UNAVAILABLE_ERRNOS = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'];

function isDatabaseUnavailable(exception: unknown): boolean {
  // Duck-typed: errors raised by Node's own sockets may come from another realm than this module's Error.
  if (typeof exception !== 'object' || exception === null) return false;
  const cause = (exception as { driverError?: unknown }).driverError ?? exception;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.includes(code) || UNAVAILABLE_ERRNOS.includes(code))) return true;
  const message = (exception as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED/.test(message);
}
