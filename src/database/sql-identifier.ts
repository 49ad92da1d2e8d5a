/** Quotes a PostgreSQL identifier (database names cannot be bound as parameters). */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
