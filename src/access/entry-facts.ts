import type { EntityManager } from 'typeorm';
import { assertOpenToChange } from './entry-decision';
import type { Sensitivity } from './access-policy';
import type { AgencyType } from '../agencies/agency.entity';

/**
 * What the access decision about one entry looks at (its child, source agency and the sensitivity
 * of its current version), and whom to ask about it; never its content. Whether it was shared with
 * the caller's agency comes with the caller's access to the child.
 */
export interface EntryFacts {
  id: string;
  childId: string;
  status: string;
  sourceAgencyId: string;
  sourceAgencyType: AgencyType;
  sensitivity: Sensitivity;
  agencyName: string;
  agencyContact: string | null;
}

/** The columns of EntryFacts, from `ENTRY_FACTS_FROM`. */
export const ENTRY_FACTS_COLUMNS = `e.id AS "id", e.child_id AS "childId", e.status AS "status", e.source_agency_id AS "sourceAgencyId", a.type AS "sourceAgencyType",
            a.name AS "agencyName", a.contact AS "agencyContact", v.sensitivity AS "sensitivity"`;

/** The entry `e`, its current version `v` and its source agency `a`. */
export const ENTRY_FACTS_FROM = `FROM chronology_entries e
       JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
       JOIN agencies a ON a.id = e.source_agency_id`;

export async function findEntryFacts(manager: EntityManager, entryId: string): Promise<EntryFacts | undefined> {
  const [row] = await manager.query<EntryFacts[]>(`SELECT ${ENTRY_FACTS_COLUMNS} ${ENTRY_FACTS_FROM} WHERE e.id = $1`, [entryId]);
  return row;
}

/**
 * For a write that records something of an entry without making a version of it (a sharing
 * decision, an exemption, a release, a dispute): the entry, if it is the child's, held against
 * change until the write's transaction ends (a mark of entered in error made meanwhile waits for
 * the write, or the write for the mark), and refused if it is marked entered in error
 * (`assertOpenToChange`). False when the child has no such entry: the caller says so in its words.
 */
export async function holdOpenEntry(manager: EntityManager, entryId: string, childId: string): Promise<boolean> {
  const [entry] = await manager.query<{ status: string }[]>(`SELECT status FROM chronology_entries WHERE id = $1 AND child_id = $2 FOR SHARE`, [entryId, childId]);
  if (!entry) return false;
  assertOpenToChange(entry);
  return true;
}
