import type { Pool } from 'pg';
import { USERS } from '../test/support/fixtures';
import type { TestApp } from '../test/support/test-app';

/**
 * The yardstick the chronology's HTTP reads are compared with: the rows the police user gets back,
 * written out rather than borrowed from the application, so it stays put whatever the application
 * does to its own query: every standard and sensitive entry (read or shown as a dated marker) and
 * the police's own restricted ones, in date order, one page of them.
 */
const RAW_PAGE_SQL = `SELECT e.*, v.*, a.code, a.name, a.type, a.contact, au.name AS author_name, au.job_title, au.role,
         cb.name AS changed_by_name, cba.name AS changed_by_agency
    FROM chronology_entries e
    JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
    JOIN agencies a ON a.id = e.source_agency_id
    JOIN practitioners au ON au.id = e.author_id
    JOIN practitioners cb ON cb.id = v.changed_by_id
    JOIN agencies cba ON cba.id = cb.agency_id
   WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND (v.sensitivity <> 'restricted' OR e.source_agency_id = $2)
   ORDER BY v.event_date, v.event_time NULLS FIRST, e.recorded_at, e.id LIMIT $3 OFFSET $4`;

/** Runs the yardstick for one child's page as the police user would see it; resolves to the number of rows. */
export type RawChronologyPage = (limit: number, offset?: number) => Promise<number>;

export async function rawPoliceChronology(testApp: TestApp, pool: Pool, childId: string): Promise<RawChronologyPage> {
  const [{ policeAgencyId }] = await testApp.dataSource.query<{ policeAgencyId: string }[]>(
    `SELECT agency_id AS "policeAgencyId" FROM practitioners WHERE subject = $1`,
    [USERS.police],
  );
  return async (limit, offset = 0) => (await pool.query(RAW_PAGE_SQL, [childId, policeAgencyId, limit, offset])).rowCount ?? 0;
}
