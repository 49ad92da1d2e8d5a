/** SQL expressions that format values in the database, so they reach the API as text without a round trip through JS types. */

/**
 * A timestamptz as ISO 8601 UTC text (`2026-11-23T14:05:00.123Z`). Milliseconds by default, as
 * a JS Date would give; microseconds where the value must survive a round trip exactly (a cursor).
 */
export function isoTimestampSql(expression: string, precision: 'milliseconds' | 'microseconds' = 'milliseconds'): string {
  const fraction = precision === 'microseconds' ? 'US' : 'MS';
  return `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.${fraction}"Z"')`;
}

/** Bytes as base64 on one line: PostgreSQL's encode() breaks base64 with a newline every 76 characters. */
export function base64Sql(expression: string): string {
  return `translate(encode(${expression}, 'base64'), E'\\n', '')`;
}

/** The largest bigint PostgreSQL holds: an id beyond it fails in the database, not as a validation error. */
export const POSTGRES_MAX_BIGINT = 2n ** 63n - 1n;
