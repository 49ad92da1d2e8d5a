import type { ReadableEntryField } from '../access/access-policy';
import type { ChildAccess } from '../access/child-access';
import { childNotFound } from '../common/domain-error';
import { ageInYears } from '../common/dates';
import { displayDate } from './date-display';
import type { EntryRow } from './entry-row';
import type { AgencyRef, EntryView, WithheldFields } from './entry.view';
import type { EventType } from './event-taxonomy.service';

/**
 * Who may see this field, applied: the access decision (src/access) says which policy fields a
 * caller may read of an entry, and this file copies exactly those, and nothing else, from a row
 * into the API's view.
 */

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
  if (row.disputes) {
    const words = projection.fields.includes('childView');
    const reasons = projection.fields.includes('history');
    view.disputes = row.disputes.map((dispute) => ({
      id: dispute.id,
      status: dispute.outcome ?? 'open',
      disputedBy: dispute.capacity,
      recordedAt: dispute.recordedAt,
      ...(words ? { words: dispute.words } : {}),
      answeredAt: dispute.answeredAt,
      ...(reasons ? { answerReason: dispute.answerReason } : {}),
    }));
    view.restrictedProcessing = row.disputes.some((dispute) => dispute.outcome === null);
  }
  return view;
}


/** All an entry view needs of the child, for the age at each event. */
export function childDateOfBirth(access: ChildAccess): string {
  if (access.childDateOfBirth === null) throw childNotFound();
  return access.childDateOfBirth;
}
