import { ApiExtraModels } from '@nestjs/swagger';
import type { ClaimKind, Relationship } from '../access/access-policy';
import { AgencyType } from '../agencies/agency.entity';
import { Role } from '../practitioners/practitioner.entity';
import { DatePrecision, EntryStatus, Sensitivity, VersionChange } from './entry-vocabulary';

/** The API's entry classes; entry-projection.ts fills them from rows, withheld-notices.ts words what is left out. */

export class AgencyRef {
  id!: string;
  code!: string;
  name!: string;
  type!: AgencyType;
}

/** Says what was left out of an entry and whom to ask about it. */
export class WithheldFields {
  /** Policy field names, as in GET /api/policy. */
  fields!: string[];
  heldBy!: string;
  contact!: string | null;
}

/**
 * An entry as the caller may see it. The id, status, version, recording time and source agency
 * are always present; every other property is present only where the access policy lets the
 * caller read it, and `withheld` lists what was left out.
 */
export class EntryView {
  kind!: 'entry';
  id!: string;
  childId!: string;
  status!: EntryStatus;
  version!: number;
  recordedAt!: string;
  source!: {
    agency: AgencyRef;
    author?: { id: string; name: string; jobTitle: string | null; role: Role };
  };
  eventDate?: string;
  eventEndDate?: string | null;
  datePrecision?: DatePrecision;
  /** The date as a reader should see it, e.g. "4 Mar 2025", "Mar 2025", "c. 2019". */
  eventDateDisplay?: string;
  eventTime?: string | null;
  /** Whole years; negative for events before birth. */
  childAgeAtEvent?: number;
  eventType?: { code: string; label: string; category: string };
  wellbeingIndicators?: string[];
  summary?: string;
  detail?: string | null;
  significant?: boolean;
  nature?: string;
  impactOnChild?: string | null;
  actionTaken?: string | null;
  noActionReason?: string | null;
  outcome?: string | null;
  professionalAnalysis?: string | null;
  childView?: string | null;
  informationSource?: string;
  sourceReference?: string | null;
  sensitivity?: string;
  lawfulBasis?: string | null;
  namesThirdParties?: boolean;
  /** The latest change: creation, amendment (with reason) or marking as entered in error (with reason). */
  lastChange?: { change: VersionChange; reason: string | null; by: string; byAgency: string; at: string };
  withheld?: WithheldFields;
  /**
   * The data subject's disputes of the entry (UK GDPR Art. 16), shown to every reader of the entry.
   * Their words only where the reader may read the child's view (the field for the family's own
   * words); the agency's reason for its answer only where they may read the entry's history.
   */
  disputes?: DisputeView[];
  /** A dispute is open: the entry is under restricted processing (Art. 18) until the recording agency answers. */
  restrictedProcessing?: boolean;
}

export class DisputeView {
  id!: string;
  status!: 'open' | 'amended' | 'upheld';
  /** Who disputed it, in relation to the child: young-person, parental-responsibility or representative. */
  disputedBy!: string;
  recordedAt!: string;
  words?: string;
  answeredAt?: string | null;
  answerReason?: string | null;
}

/** An entry the caller may not read at all: only that it exists, which agency holds it and whom to ask. */
export class WithheldEntryView {
  kind!: 'withheld';
  id!: string;
  childId!: string;
  source!: { agency: AgencyRef };
  contact!: string | null;
  sensitivity!: Sensitivity;
  /** Present only where the policy lets the marker show the date. */
  eventDate?: string;
  eventDateDisplay?: string;
  notice!: string;
}

/** Entries withheld without even a date, counted per agency and sensitivity. */
export class UndatedWithheldEntries {
  source!: { agency: AgencyRef };
  contact!: string | null;
  sensitivity!: Sensitivity;
  count!: number;
  notice!: string;
}

export class AccessBasisView {
  relationship!: Relationship;
  claim!: { id: string; kind: ClaimKind; expiresAt: string } | null;
}

@ApiExtraModels(EntryView, WithheldEntryView)
export class ChronologyPage {
  childId!: string;
  access!: AccessBasisView;
  page!: number;
  pageSize!: number;
  /** Items matching the filters: entries you may read, and withheld entries whose date the policy shows. */
  total!: number;
  items!: (EntryView | WithheldEntryView)[];
  /** Withheld entries whose date is not shown (so they cannot be placed or filtered by date); for the whole chronology. */
  withheldUndated!: UndatedWithheldEntries[];
}

export class EntryHistoryView {
  entryId!: string;
  childId!: string;
  status!: EntryStatus;
  currentVersion!: number;
  /** Oldest first; each version shows only what you may read of it as it is now and as it was then. */
  versions!: EntryView[];
}
