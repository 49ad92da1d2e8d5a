import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { DomainError } from './domain-error';
import { httpStatusFor } from './error-codes';

/** What Node found wrong with a request it could not hand to the application, as a refusal in the API's words. */
function refusalOf(error: NodeJS.ErrnoException): DomainError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new DomainError('HEADERS_TOO_LARGE', 'The request headers are larger than Chronicle reads (a cookie or a token far too long, say)');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new DomainError('REQUEST_TIMEOUT', 'The request did not arrive in time');
    default:
      return new DomainError('MALFORMED_REQUEST', 'The request could not be read as HTTP');
  }
}

/**
 * A request Node refuses before any handler sees it (headers over its limit, a request line it
 * cannot parse, one that never finishes arriving) would get a bare status line and no body. It
 * gets the API's one error shape instead, with a correlation id as every answer has, and the
 * connection is closed, as Node would close it.
 */
export function answerUnparsableRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const refused = refusalOf(error);
    const statusCode = httpStatusFor(refused.code);
    const body = JSON.stringify({ statusCode, code: refused.code, message: refused.message, correlationId: randomUUID() });
    socket.end(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
