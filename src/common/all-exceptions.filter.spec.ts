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

describe("toDomainError: a body the parsers could not read is the sender's mistake", () => {
  /** As body-parser hands them on (http-errors): a 4xx status, exposed, and a type where it has one. */
  const parserError = (message: string, status: number, more: Record<string, unknown>) => Object.assign(new Error(message), { status, statusCode: status, expose: true, ...more });

  it.each([
    ['a body that does not decompress as its Content-Encoding says', parserError('incorrect header check', 400, { code: 'Z_DATA_ERROR', errno: -3 }), 'MALFORMED_JSON', /Content-Encoding/],
    ['a form with more fields than the parser takes', parserError('too many parameters', 413, { type: 'parameters.too.many' }), 'PAYLOAD_TOO_LARGE', /too many fields/],
    ['a body shorter than its Content-Length', parserError('request size did not match content length', 400, { type: 'request.size.invalid' }), 'MALFORMED_JSON', /Content-Length/],
    ['a client error of the parsers with no type', parserError('request aborted', 400, {}), 'MALFORMED_JSON', /could not be read/],
  ])('answers %s with a 4xx in plain words', (_name, exception, code, message) => {
    const error = toDomainError(exception);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('keeps an error the server raised with a 4xx status but not exposed an internal error', () => {
    expect(toDomainError(Object.assign(new Error('internal detail'), { status: 400 })).code).toBe('INTERNAL_ERROR');
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
