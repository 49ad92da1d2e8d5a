import { AgencyType } from '../agencies/agency.entity';
import { ageInYears } from '../common/dates';
import { Role } from '../practitioners/practitioner.entity';
import { EntryContent } from './entry-content';
import { DatePrecision, EntryStatus, VersionChange } from './entry-vocabulary';
import { EventType } from './event-taxonomy.service';

/** One row of the chronology read query: entry identity, its current (or a historic) version, and who. */
export interface EntryRow extends EntryContent {
  id: string;
  childId: string;
  status: EntryStatus;
  currentVersion: number;
  recordedAt: Date;
  versionNumber: number;
  change: VersionChange;
  changeReason: string | null;
  changedAt: Date;
  changedByName: string;
  changedByAgencyName: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyType: AgencyType;
  authorId: string;
  authorName: string;
  authorJobTitle: string | null;
  authorRole: Role;
}

export class EntryView {
  id!: string;
  childId!: string;
  status!: EntryStatus;
  version!: number;
  recordedAt!: string;
  source!: {
    agency: { id: string; code: string; name: string; type: AgencyType };
    author: { id: string; name: string; jobTitle: string | null; role: Role };
  };
  eventDate!: string;
  eventEndDate!: string | null;
  datePrecision!: DatePrecision;
  /** The date as a reader should see it, e.g. "4 Mar 2025", "Mar 2025", "c. 2019". */
  eventDateDisplay!: string;
  eventTime!: string | null;
  /** Whole years; negative for events before birth. */
  childAgeAtEvent!: number;
  eventType!: { code: string; label: string; category: string };
  wellbeingIndicators!: string[];
  summary!: string;
  detail!: string | null;
  significant!: boolean;
  nature!: string;
  impactOnChild!: string | null;
  actionTaken!: string | null;
  noActionReason!: string | null;
  outcome!: string | null;
  professionalAnalysis!: string | null;
  childView!: string | null;
  informationSource!: string;
  sourceReference!: string | null;
  sensitivity!: string;
  lawfulBasis!: string | null;
  namesThirdParties!: boolean;
  /** The latest change: creation, amendment (with reason) or marking as entered in error (with reason). */
  lastChange!: { change: VersionChange; reason: string | null; by: string; byAgency: string; at: string };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function displayDate(date: string, precision: DatePrecision): string {
  const [year, month, day] = date.split('-').map(Number);
  switch (precision) {
    case 'day':
      return `${day} ${MONTHS[month - 1]} ${year}`;
    case 'month':
      return `${MONTHS[month - 1]} ${year}`;
    case 'year':
      return String(year);
    case 'approximate':
      return `c. ${day} ${MONTHS[month - 1]} ${year}`;
  }
}

export function toEntryView(row: EntryRow, childDateOfBirth: string, eventType: EventType | undefined): EntryView {
  return {
    id: row.id,
    childId: row.childId,
    status: row.status,
    version: row.versionNumber,
    recordedAt: row.recordedAt.toISOString(),
    source: {
      agency: { id: row.agencyId, code: row.agencyCode, name: row.agencyName, type: row.agencyType },
      author: { id: row.authorId, name: row.authorName, jobTitle: row.authorJobTitle, role: row.authorRole },
    },
    eventDate: row.eventDate,
    eventEndDate: row.eventEndDate,
    datePrecision: row.datePrecision,
    eventDateDisplay: displayDate(row.eventDate, row.datePrecision),
    eventTime: row.eventTime,
    childAgeAtEvent: ageInYears(childDateOfBirth, row.eventDate),
    // A code retired from the taxonomy still reads sensibly in old entries.
    eventType: eventType ?? { code: row.eventType, label: row.eventType, category: 'other' },
    wellbeingIndicators: row.wellbeingIndicators,
    summary: row.summary,
    detail: row.detail,
    significant: row.significant,
    nature: row.nature,
    impactOnChild: row.impactOnChild,
    actionTaken: row.actionTaken,
    noActionReason: row.noActionReason,
    outcome: row.outcome,
    professionalAnalysis: row.professionalAnalysis,
    childView: row.childView,
    informationSource: row.informationSource,
    sourceReference: row.sourceReference,
    sensitivity: row.sensitivity,
    lawfulBasis: row.lawfulBasis,
    namesThirdParties: row.namesThirdParties,
    lastChange: { change: row.change, reason: row.changeReason, by: row.changedByName, byAgency: row.changedByAgencyName, at: row.changedAt.toISOString() },
  };
}

export class ChronologyPage {
  childId!: string;
  page!: number;
  pageSize!: number;
  /** Entries matching the filters that you may see. */
  total!: number;
  items!: EntryView[];
}

export class EntryHistoryView {
  entryId!: string;
  childId!: string;
  status!: EntryStatus;
  currentVersion!: number;
  /** Oldest first. */
  versions!: EntryView[];
}
