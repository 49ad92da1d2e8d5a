import type { EntryAttributes } from '../access/ability.factory';
import type { AgencyType } from '../agencies/agency.entity';
import type { Role } from '../practitioners/practitioner.entity';
import type { EntryContent } from './entry-content';
import type { EntryStatus, VersionChange } from './entry-vocabulary';

/** One row of an entry read query: identity, source agency, and (where loaded) a version's content and who changed it. */
export interface EntryRow extends Omit<EntryContent, 'wellbeingIndicators'> {
  /** Comma-separated. */
  wellbeingIndicators: string;
  id: string;
  childId: string;
  status: EntryStatus;
  currentVersion: number;
  /** ISO 8601, UTC. */
  recordedAt: string;
  versionNumber: number;
  change: VersionChange;
  changeReason: string | null;
  changedAt: string;
  changedByName: string;
  changedByAgencyName: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyType: AgencyType;
  agencyContact: string | null;
  authorId: string;
  authorName: string;
  authorJobTitle: string | null;
  authorRole: Role;
  /** The data subject's disputes of the entry, oldest first; null when there are none. */
  disputes: DisputeRow[] | null;
}

export interface DisputeRow {
  id: string;
  words: string;
  capacity: 'young-person' | 'parental-responsibility' | 'representative';
  recordedAt: string;
  outcome: 'amended' | 'upheld' | null;
  answerReason: string | null;
  answeredAt: string | null;
}

/** An entry row with what the database worked out about the caller's access to it (entry-sql.ts). */
export type AccessedEntryRow = EntryRow & {
  sharedWithMyAgency: boolean;
  /** The caller may read some field: the content columns are fetched. */
  readable: boolean;
  /** The caller may see its withheld marker. */
  locatable: boolean;
  /** The marker may show the date. */
  dated: boolean;
};

/** What the access policy looks at of an entry row. */
export function attributesOf(row: AccessedEntryRow): EntryAttributes {
  return { sourceAgencyId: row.agencyId, sourceAgencyType: row.agencyType, sensitivity: row.sensitivity, sharedWithMyAgency: row.sharedWithMyAgency };
}
