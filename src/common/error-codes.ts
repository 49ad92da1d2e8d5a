/**
 * Stable error codes. Clients branch on these, so a code is never renamed or reused;
 * the HTTP status for each lives in one exhaustive switch.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'MALFORMED_REQUEST'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'UNAUTHENTICATED'
  | 'TOKEN_INVALID'
  | 'TOKEN_EXPIRED'
  | 'ACCOUNT_NOT_RECOGNISED'
  | 'FORBIDDEN'
  | 'FIELD_NOT_WRITABLE'
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'ENTRY_ENTERED_IN_ERROR'
  | 'STALE_VERSION'
  | 'NO_CHANGES'
  | 'IDENTIFIER_IN_USE'
  | 'ALREADY_HAS_ACCESS'
  | 'EXPORT_TOO_LARGE'
  | 'IMPORT_FILE_TOO_LARGE'
  | 'IMPORT_UNSUPPORTED_FORMAT'
  | 'IMPORT_UNREADABLE_FILE'
  | 'IMPORT_UNKNOWN_ENCODING'
  | 'IMPORT_ARCHIVE_REFUSED'
  | 'IMPORT_EMPTY_FILE'
  | 'IMPORT_NO_ROWS'
  | 'IMPORT_HEADER_INVALID'
  | 'IMPORT_TOO_MANY_ROWS'
  | 'IMPORT_TOO_MANY_COLUMNS'
  | 'IMPORT_TOO_MANY_CELLS'
  | 'IMPORT_WORKSHEET_NOT_FOUND'
  | 'IMPORT_ROWS_INVALID'
  | 'IMPORT_EXPIRED'
  | 'AUTH_FLOW_FAILED'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
    case 'MALFORMED_REQUEST':
    case 'AUTH_FLOW_FAILED':
      return 400;
    case 'REQUEST_TIMEOUT':
      return 408;
    case 'HEADERS_TOO_LARGE':
      return 431;
    case 'UNAUTHENTICATED':
    case 'TOKEN_INVALID':
    case 'TOKEN_EXPIRED':
      return 401;
    case 'ACCOUNT_NOT_RECOGNISED':
    case 'FORBIDDEN':
    case 'FIELD_NOT_WRITABLE':
      return 403;
    case 'NOT_FOUND':
    case 'ROUTE_NOT_FOUND':
      return 404;
    case 'METHOD_NOT_ALLOWED':
      return 405;
    case 'CONFLICT':
    case 'ENTRY_ENTERED_IN_ERROR':
    case 'STALE_VERSION':
    case 'IDENTIFIER_IN_USE':
    case 'ALREADY_HAS_ACCESS':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
    case 'IMPORT_FILE_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
    case 'IMPORT_UNSUPPORTED_FORMAT':
      return 415;
    case 'NO_CHANGES':
    case 'EXPORT_TOO_LARGE':
    case 'IMPORT_UNREADABLE_FILE':
    case 'IMPORT_UNKNOWN_ENCODING':
    case 'IMPORT_ARCHIVE_REFUSED':
    case 'IMPORT_EMPTY_FILE':
    case 'IMPORT_NO_ROWS':
    case 'IMPORT_HEADER_INVALID':
    case 'IMPORT_TOO_MANY_ROWS':
    case 'IMPORT_TOO_MANY_COLUMNS':
    case 'IMPORT_TOO_MANY_CELLS':
    case 'IMPORT_WORKSHEET_NOT_FOUND':
    case 'IMPORT_ROWS_INVALID':
      return 422;
    case 'IMPORT_EXPIRED':
      return 410;
    case 'RATE_LIMITED':
      return 429;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    case 'INTERNAL_ERROR':
      return 500;
    default: {
      const unreachable: never = code;
      throw new Error(`Unmapped error code ${String(unreachable)}`);
    }
  }
}
