import { quoteIdentifier } from '../../src/database/sql-identifier';
import { TestApp } from './test-app';

/** Table name -> "<rows> rows, md5 <digest of every row as text, in a stable order>". */
export type DatabaseSnapshot = Record<string, string>;

/**
 * A digest of the full content of every table in schema public, read as the database owner (so no
 * row is hidden from it), except the tables named in `exclude`. Compare two with toEqual: a
 * difference names the table, and the row count says whether rows were added or changed.
 */
export async function snapshotDatabase(testApp: TestApp, options: { exclude?: readonly string[] } = {}): Promise<DatabaseSnapshot> {
  const excluded = new Set(options.exclude ?? []);
  const tables = await testApp.ownerQuery<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  const snapshot: DatabaseSnapshot = {};
  for (const { name } of tables) {
    if (excluded.has(name)) continue;
    const [{ rows, digest }] = await testApp.ownerQuery<{ rows: number; digest: string }>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM public.${quoteIdentifier(name)} t`,
    );
    snapshot[name] = `${rows} rows, md5 ${digest}`;
  }
  return snapshot;
}

export interface AuditEventSummary {
  id: string;
  action: string;
  outcome: string;
  actor: string | null;
  correlationId: string | null;
}

/** The id of the newest audit event, as a mark to ask later what was written after it. */
export async function auditHighWaterMark(testApp: TestApp): Promise<string> {
  const [{ id }] = await testApp.ownerQuery<{ id: string }>(`SELECT coalesce(max(id), 0)::text AS id FROM audit.events`);
  return id;
}

/** Every audit event written after the mark, oldest first. */
export async function auditEventsAfter(testApp: TestApp, mark: string): Promise<AuditEventSummary[]> {
  return testApp.ownerQuery<AuditEventSummary>(
    `SELECT e.id::text AS id, e.action, e.outcome, e.actor_subject AS actor, e.correlation_id AS "correlationId"
       FROM audit.events e WHERE e.id > $1::bigint ORDER BY e.id`,
    [mark],
  );
}
