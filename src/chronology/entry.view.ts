import { ApiExtraModels } from '@nestjs/swagger';
import type { ClaimKind, ReadableEntryField, Relationship } from '../access/access-policy';
import { AgencyType } from '../agencies/agency.entity';
import { ageInYears } from '../common/dates';
import { Role } from '../practitioners/practitioner.entity';
import { EntryContent } from './entry-content';
import { DatePrecision, EntryStatus, Sensitivity, VersionChange } from './entry-vocabulary';
import { EventType } from './event-taxonomy.service';

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
}

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function displayDate(date: string, precision: DatePrecision): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  switch (precision) {
    case 'day':
      return `${day} ${MONTHS[month - 1]} ${year}`;
    case 'month':
      return `${MONTHS[month - 1]} ${year}`;
    case 'year':
      return year;
    case 'approximate':
      return `c. ${day} ${MONTHS[month - 1]} ${year}`;
  }
}

export function agencyRef(row: Pick<EntryRow, 'agencyId' | 'agencyCode' | 'agencyName' | 'agencyType'>): AgencyRef {
  return { id: row.agencyId, code: row.agencyCode, name: row.agencyName, type: row.agencyType };
}

/** What goes into an entry view for the source agency's name in the withheld notice, the child's age and the event type label. */
interface ViewContext {
  childDateOfBirth: string;
  eventType: EventType | undefined;
  /** One object per author across a page: many entries share an author, and the JSON is the same. */
  authors: Map<string, NonNullable<EntryView['source']['author']>>;
}
type FieldCopy = (view: EntryView, row: EntryRow, context: ViewContext) => void;

/** How each policy field is copied from a row into a view; nothing else is ever copied. */
const FIELD_COPIES: Record<ReadableEntryField, FieldCopy> = {
  eventDate: (view, row, { childDateOfBirth }) => {
    view.eventDate = row.eventDate;
    view.eventEndDate = row.eventEndDate;
    view.datePrecision = row.datePrecision;
    view.eventDateDisplay = displayDate(row.eventDate, row.datePrecision);
    view.eventTime = row.eventTime;
    view.childAgeAtEvent = ageInYears(childDateOfBirth, row.eventDate);
  },
  // A code retired from the taxonomy still reads sensibly in old entries.
  eventType: (view, row, { eventType }) => (view.eventType = eventType ?? { code: row.eventType, label: row.eventType, category: 'other' }),
  sensitivity: (view, row) => (view.sensitivity = row.sensitivity),
  significant: (view, row) => (view.significant = row.significant),
  lawfulBasis: (view, row) => (view.lawfulBasis = row.lawfulBasis),
  summary: (view, row) => (view.summary = row.summary),
  nature: (view, row) => (view.nature = row.nature),
  wellbeingIndicators: (view, row) => (view.wellbeingIndicators = row.wellbeingIndicators === '' ? [] : row.wellbeingIndicators.split(',')),
  informationSource: (view, row) => (view.informationSource = row.informationSource),
  author: (view, row, { authors }) => {
    let author = authors.get(row.authorId);
    if (!author) {
      author = { id: row.authorId, name: row.authorName, jobTitle: row.authorJobTitle, role: row.authorRole };
      authors.set(row.authorId, author);
    }
    view.source.author = author;
  },
  detail: (view, row) => (view.detail = row.detail),
  impactOnChild: (view, row) => (view.impactOnChild = row.impactOnChild),
  actionTaken: (view, row) => {
    view.actionTaken = row.actionTaken;
    view.noActionReason = row.noActionReason;
  },
  outcome: (view, row) => (view.outcome = row.outcome),
  childView: (view, row) => (view.childView = row.childView),
  namesThirdParties: (view, row) => (view.namesThirdParties = row.namesThirdParties),
  professionalAnalysis: (view, row) => (view.professionalAnalysis = row.professionalAnalysis),
  sourceReference: (view, row) => (view.sourceReference = row.sourceReference),
  history: (view, row) =>
    (view.lastChange = { change: row.change, reason: row.changeReason, by: row.changedByName, byAgency: row.changedByAgencyName, at: row.changedAt }),
};

/** The copies for the fields a caller may read of entries from one agency, and the notice for the rest: worked out once, applied to many rows. */
export interface EntryProjection {
  agency: AgencyRef;
  /** The policy fields the copies disclose, as the audit trail records them. */
  fields: ReadableEntryField[];
  copies: FieldCopy[];
  withheld: WithheldFields | undefined;
}

export function entryProjection(readable: ReadonlySet<string>, agency: Parameters<typeof agencyRef>[0] & { agencyContact: string | null }): EntryProjection {
  const fields = Object.keys(FIELD_COPIES) as ReadableEntryField[];
  const withheld = fields.filter((field) => !readable.has(field));
  const disclosed = fields.filter((field) => readable.has(field));
  return {
    agency: agencyRef(agency),
    fields: disclosed,
    copies: disclosed.map((field) => FIELD_COPIES[field]),
    withheld:
      withheld.length === 0
        ? undefined
        : { fields: withheld, heldBy: agency.agencyName, contact: agency.agencyContact },
  };
}

/**
 * Builds the view from only the fields the caller may read; a withheld field is never copied
 * from the row, so it cannot reach any representation built from the view.
 */
export function toEntryView(
  row: EntryRow,
  projection: EntryProjection,
  childDateOfBirth: string,
  eventType: EventType | undefined,
  authors: ViewContext['authors'] = new Map(),
): EntryView {
  const view: EntryView = {
    kind: 'entry',
    id: row.id,
    childId: row.childId,
    status: row.status,
    version: row.versionNumber,
    recordedAt: row.recordedAt,
    source: { agency: projection.agency },
  };
  const context: ViewContext = { childDateOfBirth, eventType, authors };
  for (const copy of projection.copies) copy(view, row, context);
  if (projection.withheld) view.withheld = projection.withheld;
  return view;
}

type MarkerRow = Pick<EntryRow, 'id' | 'childId' | 'agencyId' | 'agencyCode' | 'agencyName' | 'agencyType' | 'agencyContact' | 'sensitivity' | 'eventDate' | 'datePrecision'>;

export function toWithheldEntryView(row: MarkerRow, dated: boolean): WithheldEntryView {
  const when = dated ? ` on ${displayDate(row.eventDate, row.datePrecision)}` : '';
  return {
    kind: 'withheld',
    id: row.id,
    childId: row.childId,
    source: { agency: agencyRef(row) },
    contact: row.agencyContact,
    sensitivity: row.sensitivity,
    ...(dated ? { eventDate: row.eventDate, eventDateDisplay: displayDate(row.eventDate, row.datePrecision) } : {}),
    notice: `Withheld: 1 ${row.sensitivity} entry from ${row.agencyName}${when}${contactSuffix(row.agencyContact)}`,
  };
}

export function toUndatedWithheld(
  row: Pick<EntryRow, 'agencyId' | 'agencyCode' | 'agencyName' | 'agencyType' | 'agencyContact' | 'sensitivity'> & { count: number },
): UndatedWithheldEntries {
  const entries = row.count === 1 ? 'entry' : 'entries';
  return {
    source: { agency: agencyRef(row) },
    contact: row.agencyContact,
    sensitivity: row.sensitivity,
    count: row.count,
    notice: `Withheld: ${row.count} ${row.sensitivity} ${entries} from ${row.agencyName}, dates not shown${contactSuffix(row.agencyContact)}`,
  };
}

function contactSuffix(contact: string | null): string {
  return contact ? ` (contact: ${contact})` : '';
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
