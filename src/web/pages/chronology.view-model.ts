import type { ChildView } from '../../children/child.view';
import { displayDate } from '../../chronology/date-display';
import type { ChronologyPage, EntryView, UndatedWithheldEntries, WithheldEntryView } from '../../chronology/entry.view';
import { TimelineMark, timelineSvg } from '../timeline';
import { chronologyRowsHtml } from './chronology-rows.html';
import { ageAtEvent } from '../view-filters';
import { disputeLines } from './dispute-lines';

/** One row of the chronology table, in words: chronology-rows.html.ts writes it out. */
export interface ChronologyRow {
  id: string;
  href: string;
  /** The whole entry is withheld: only `date`, `agency` and `withheldNote` are shown. */
  withheld: boolean;
  date: string;
  age: string;
  eventType: string;
  nature: string;
  agency: string;
  author: string;
  summary: string;
  impact: string;
  action: string;
  outcome: string;
  more: { label: string; text: string }[];
  significant: boolean;
  /** A dispute of the entry is open: it is under restricted processing. */
  restricted: boolean;
  /** "Amended" or "Entered in error", with the reason where the reader may see it. */
  status: { label: string; reason: string } | null;
  withheldNote: string;
}

const MORE_FIELDS = [
  ['detail', 'Detail'],
  ['childView', "Child's view"],
  ['professionalAnalysis', 'Professional analysis'],
  ['wellbeingIndicators', 'Wellbeing indicators'],
  ['informationSource', 'Source of information'],
  ['sourceReference', 'Source reference'],
  ['lawfulBasis', 'Lawful basis for sharing'],
] as const satisfies readonly (readonly [keyof EntryView, string])[];

const NATURES: Record<string, string> = { positive: 'Positive', negative: 'Negative', neutral: 'Neutral' };

/** "Withheld — held by NHS Lanarkshire, contact Health Records, 01632 960101": what is missing, and whom to ask. */
function heldBy(agencyName: string, contact: string | null): string {
  return `held by ${agencyName}${contact ? `, contact ${contact}` : ''}`;
}

function entryRow(childId: string, dateOfBirth: string, entry: EntryView): ChronologyRow {
  const change = entry.lastChange;
  const status =
    entry.status === 'entered-in-error'
      ? { label: 'Entered in error', reason: change?.change === 'entered-in-error' ? (change.reason ?? '') : '' }
      : entry.status === 'amended'
        ? { label: 'Amended', reason: change?.change === 'amended' ? (change.reason ?? '') : '' }
        : null;
  const author = entry.source.author;
  const more = MORE_FIELDS.flatMap(([field, label]): { label: string; text: string }[] => {
    const value = entry[field];
    if (Array.isArray(value)) return value.length > 0 ? [{ label, text: value.map((item) => item.charAt(0).toUpperCase() + item.slice(1)).join(', ') }] : [];
    if (field === 'informationSource' && typeof value === 'string') return [{ label, text: value === 'first-hand' ? 'First-hand' : 'Reported' }];
    return typeof value === 'string' && value !== '' ? [{ label, text: value }] : [];
  }).concat(disputeLines(entry));
  return {
    id: entry.id,
    href: `/child/${childId}/entries/${entry.id}`,
    withheld: false,
    date: entry.eventDateDisplay ? (entry.eventEndDate ? `${entry.eventDateDisplay} to ${displayDate(entry.eventEndDate, entry.datePrecision ?? 'day')}` : entry.eventDateDisplay) : 'Date withheld',
    age: ageAtEvent(dateOfBirth, entry),
    eventType: entry.eventType?.label ?? 'Event type withheld',
    nature: entry.nature ? (NATURES[entry.nature] ?? entry.nature) : '',
    agency: entry.source.agency.name,
    author: author ? `${author.name}${author.jobTitle ? `, ${author.jobTitle}` : ''}` : '',
    summary: entry.summary ?? '',
    impact: entry.impactOnChild ?? '',
    action: entry.actionTaken ?? (entry.noActionReason ? `No action: ${entry.noActionReason}` : ''),
    outcome: entry.outcome ?? '',
    more,
    significant: entry.significant === true,
    restricted: entry.restrictedProcessing === true,
    status,
    // Whom to contact when what is withheld is the entry's account of events; the agency alone when it is a detail.
    withheldNote: !entry.withheld
      ? ''
      : entry.summary === undefined
        ? `Withheld — ${heldBy(entry.withheld.heldBy, entry.withheld.contact)}`
        : `Some details withheld — held by ${entry.withheld.heldBy}`,
  };
}

function withheldRow(childId: string, marker: WithheldEntryView): ChronologyRow {
  return {
    id: marker.id,
    href: `/child/${childId}/entries/${marker.id}`,
    withheld: true,
    date: marker.eventDateDisplay ?? 'Date withheld',
    age: '',
    eventType: '',
    nature: '',
    agency: marker.source.agency.name,
    author: '',
    summary: '',
    impact: '',
    action: '',
    outcome: '',
    more: [],
    significant: false,
    restricted: false,
    status: null,
    withheldNote: `Withheld — ${heldBy(marker.source.agency.name, marker.contact)}`,
  };
}

function mark(item: EntryView | WithheldEntryView): TimelineMark | null {
  if (!item.eventDate) return null;
  if (item.kind === 'withheld') return { lane: item.source.agency.name, date: item.eventDate, nature: null, significant: false, withheld: true };
  const nature = item.nature === 'positive' || item.nature === 'negative' || item.nature === 'neutral' ? item.nature : null;
  // An entry whose account (its summary) is withheld is a withheld mark, though its date and significance may show.
  return { lane: item.source.agency.name, date: item.eventDate, nature, significant: item.significant === true, withheld: item.summary === undefined };
}

function undatedNotice(group: UndatedWithheldEntries): string {
  const entries = group.count === 1 ? 'entry' : 'entries';
  return `${group.count} ${group.sensitivity} ${entries} withheld, dates not shown — ${heldBy(group.source.agency.name, group.contact)}`;
}

/** The chronology page's table, timeline, notices and paging from the API's own page of entries. */
export function chronologyViewModel(child: ChildView, chronology: ChronologyPage) {
  const rows = chronology.items.map((item) => (item.kind === 'entry' ? entryRow(child.id, child.dateOfBirth, item) : withheldRow(child.id, item)));
  const marks = chronology.items.flatMap((item) => mark(item) ?? []);
  const first = chronology.total === 0 ? 0 : (chronology.page - 1) * chronology.pageSize + 1;
  return {
    rowCount: rows.length,
    rowsHtml: chronologyRowsHtml(rows),
    timeline: timelineSvg(marks),
    undatedWithheld: chronology.withheldUndated.map(undatedNotice),
    total: chronology.total,
    shown: { first, last: first === 0 ? 0 : first + rows.length - 1 },
    page: chronology.page,
    pages: Math.max(1, Math.ceil(chronology.total / chronology.pageSize)),
  };
}
