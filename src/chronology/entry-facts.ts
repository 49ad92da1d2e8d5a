import type { EntityManager } from 'typeorm';
import type { EntryAttributes } from '../access/ability.factory';
import { sharedWithAgencySql } from './entry-rows';

/** What access decisions about one entry look at, and whom to ask about it; never its content. */
export type EntryFacts = EntryAttributes & { id: string; childId: string; status: string; agencyName: string; agencyContact: string | null };

export async function findEntryFacts(manager: EntityManager, entryId: string, callerAgencyId: string): Promise<EntryFacts | undefined> {
  const [row] = await manager.query<EntryFacts[]>(
    `SELECT e.id AS "id", e.child_id AS "childId", e.status AS "status", e.source_agency_id AS "sourceAgencyId", a.type AS "sourceAgencyType",
            a.name AS "agencyName", a.contact AS "agencyContact", v.sensitivity AS "sensitivity", ${sharedWithAgencySql('$2')} AS "sharedWithMyAgency"
       FROM chronology_entries e
       JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
       JOIN agencies a ON a.id = e.source_agency_id
      WHERE e.id = $1`,
    [entryId, callerAgencyId],
  );
  return row;
}
