import { ErrorCode } from './error-codes';

export interface ErrorDetail {
  field?: string;
  problem: string;
}

/** An expected failure with a stable code; the exception filter turns it into the HTTP response. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Sent as Retry-After with a refusal that passes. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** One message for "does not exist" and "you may not know it exists", so ids cannot be probed. */
export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} not found`);
}
