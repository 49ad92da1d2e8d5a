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

/**
 * A child named to a caller whose role reaches every child's record (a data protection officer, an
 * administrator): nothing to hide, and no access to ask for.
 */
export function noSuchChild(namedBy: 'id' | 'identifier' = 'id'): DomainError {
  return new DomainError('NOT_FOUND', `Child not found: no child record has that ${namedBy}.`);
}

/**
 * A child record the caller may not see, or that does not exist: the same words either way, with
 * the way to ask for access, so a practitioner who needs the record is not left at a dead end.
 */
export function childNotFound(): DomainError {
  return new DomainError(
    'NOT_FOUND',
    "Child not found, or not one whose record you may see. If you work with this child and are not on their team, ask for access with POST /api/access-claims (a self-claimed relationship, or emergency access), or ask the child's lead professional to add you to the team.",
  );
}
