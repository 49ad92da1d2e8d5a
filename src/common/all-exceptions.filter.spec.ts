import type { ArgumentsHost, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { failedRequest, toDomainError } from './all-exceptions.filter';

/** A driver error as pg raises it: a message and a SQLSTATE. */
function databaseError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('toDomainError: database failures that are nobody\'s mistake', () => {
  it.each([
    ['53300', 'remaining connection slots are reserved for non-replication superuser connections'],
    ['57P01', 'terminating connection due to administrator command'],
    ['08006', 'connection failure'],
  ])('answers SQLSTATE %s (%s) with 503 SERVICE_UNAVAILABLE and a time to retry', (code, message) => {
    for (const exception of [databaseError(code, message), new QueryFailedError('SELECT 1', [], databaseError(code, message))]) {
      const error = toDomainError(exception);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
    }
  });

  it('answers a connection refused by the network with 503 as well', () => {
    expect(toDomainError(databaseError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('keeps any other database error an internal error, never blamed on the database being busy', () => {
    const error = toDomainError(databaseError('23505', 'duplicate key value violates unique constraint'));
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.retryAfterSeconds).toBeUndefined();
  });
});

describe('failedRequest: what the operator is told', () => {
  const host = { switchToHttp: () => ({ getRequest: () => ({ correlationId: 'c-1', method: 'GET', path: '/api/children' }), getResponse: () => ({ headersSent: false }) }) } as unknown as ArgumentsHost;

  it('warns, with the request and the cause, when the database is out of connections: the caller gets a 503 and a time to retry', () => {
    const logger = { warn: jest.fn(), error: jest.fn() };
    const failed = failedRequest(databaseError('53300', 'sorry, too many clients already'), host, logger as unknown as Logger);
    expect(failed?.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(logger.warn).toHaveBeenCalledWith('[c-1] GET /api/children: sorry, too many clients already');
    expect(logger.error).not.toHaveBeenCalled();
  });
});
