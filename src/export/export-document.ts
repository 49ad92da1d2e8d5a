import type { ReadableEntryField } from '../access/access-policy';
import type { DocumentItem } from '../chronology/chronology.service';
import { displayDate, EntryView, WithheldEntryView } from '../chronology/entry.view';
import type { ExportAudience } from './export-audiences';
import { Cell, ChronologyDocument, ChronologyRow } from './pdf/chronology-document';

export const PROTECTIVE_MARKING = 'OFFICIAL-SENSITIVE';

/**
 * The entry fields a printed chronology shows. What the audit trail records as disclosed by an
 * export is these, as far as the reader and the audience may see them: a field the document does
 * not print is not disclosed by it.
 */
export const PRINTED_FIELDS: readonly ReadableEntryField[] = [
  'eventDate',
  'eventType',
  'significant',
  'summary',
  'impactOnChild',
  'actionTaken',
  'outcome',
  'childView',
  'author',
  'history',
];

export interface DocumentContext {
  exportId: string;
  producedAt: Date;
  producedBy: { name: string; role: string; agency: string };
  producedFor: string;
  purpose: string;
  lawfulBasis: string;
  audience: ExportAudience;
  child: { givenName: string; familyName: string; knownAs: string | null; dateOfBirth: string; identifiers: { scheme: string; value: string }[] };
  period: string;
  filters: string[];
  items: DocumentItem[];
  /** Notices for what is withheld or left out without a date, already worded. */
  withheldSummary: string[];
}

/** The fields of an item the document prints: what it may show, of what a document prints. */
export function printedFields(item: DocumentItem): ReadableEntryField[] {
  return item.shown === 'entry' ? PRINTED_FIELDS.filter((field) => item.fields.has(field)) : [];
}

/** Everything the PDF shows, decided here; the renderer only lays it out. */
export function buildExportDocument(context: DocumentContext): ChronologyDocument {
  const { audience, child } = context;
  return {
    exportId: context.exportId,
    protectiveMarking: PROTECTIVE_MARKING,
    title: 'Multi-agency chronology',
    child: {
      name: audience.childName === 'initials' ? initials(child) : `${child.givenName} ${child.familyName}${child.knownAs ? ` (known as ${child.knownAs})` : ''}`,
      dateOfBirth: audience.showDateOfBirth ? displayDate(child.dateOfBirth, 'day') : null,
      identifiers: audience.showIdentifiers ? child.identifiers.map(({ scheme, value }) => `${IDENTIFIER_NAMES[scheme] ?? scheme} ${value}`) : [],
    },
    period: context.period,
    filters: context.filters,
    audience: { label: audience.label, description: audience.description },
    purpose: context.purpose,
    lawfulBasis: context.lawfulBasis,
    producedBy: context.producedBy,
    producedFor: context.producedFor,
    producedAt: context.producedAt.toISOString(),
    rows: context.items.filter((item) => item.shown !== 'left-out').map((item) => (item.shown === 'marker' ? markerRow(item.view as WithheldEntryView) : entryRow(item))),
    withheldSummary: context.withheldSummary,
  };
}

const IDENTIFIER_NAMES: Record<string, string> = { chi: 'CHI', nhs: 'NHS number', scn: 'Scottish candidate number', 'police-ref': 'Police reference' };

function initials(child: DocumentContext['child']): string {
  return `${child.givenName.charAt(0)}. ${child.familyName.charAt(0)}.`;
}

function markerRow(marker: WithheldEntryView): ChronologyRow {
  return {
    kind: 'withheld',
    date: marker.eventDateDisplay ?? 'Date withheld',
    eventType: { withheld: 'Withheld' },
    source: { agency: marker.source.agency.name },
    summary: { withheld: marker.notice },
    impact: { withheld: 'Withheld' },
    actionOutcome: { withheld: 'Withheld' },
    significant: null,
    notes: [],
  };
}

function entryRow(item: DocumentItem): ChronologyRow {
  const view = item.view as EntryView;
  const agency = view.source.agency.name;
  const contact = view.withheld?.contact ? ` (contact: ${view.withheld.contact})` : '';
  // Withheld by the policy: the reader may not see it, and the row's note says whom to ask. Left out: the reader may, but this audience's copy does not show it.
  const cell = (field: ReadableEntryField, text: () => string): Cell => {
    if (item.fields.has(field)) return { text: text() };
    return item.readable.has(field) ? { withheld: 'Left out of this copy' } : { withheld: `Withheld: held by ${agency}` };
  };
  const notes: string[] = [];
  const change = view.lastChange;
  if (view.status === 'entered-in-error') notes.push(change ? `Entered in error (${formatDay(change.at)}, ${change.by}): ${change.reason ?? ''}`.trim() : 'Marked as entered in error');
  else if (view.status === 'amended') notes.push(change ? `Amended: this is version ${view.version} (${formatDay(change.at)}, ${change.by}): ${change.reason ?? ''}`.trim() : `Amended: this is version ${view.version}`);
  if (item.fields.has('childView') && view.childView) notes.push(`The child's view: ${view.childView}`);
  const withheldPrinted = PRINTED_FIELDS.filter((field) => !item.readable.has(field));
  if (withheldPrinted.length > 0) notes.push(`Some details withheld: held by ${agency}${contact}`);
  const leftOut = PRINTED_FIELDS.filter((field) => item.readable.has(field) && !item.fields.has(field));
  if (leftOut.length > 0) notes.push(`Some details are left out of this copy for its audience`);
  return {
    kind: 'entry',
    date: view.eventEndDate ? `${view.eventDateDisplay} – ${displayDate(view.eventEndDate, 'day')}` : (view.eventDateDisplay ?? 'Date withheld'),
    time: view.eventTime ?? null,
    eventType: cell('eventType', () => view.eventType?.label ?? ''),
    source: {
      agency,
      author: view.source.author?.name ?? null,
      role: view.source.author ? (view.source.author.jobTitle ?? view.source.author.role) : null,
    },
    summary: cell('summary', () => view.summary ?? ''),
    impact: cell('impactOnChild', () => view.impactOnChild ?? '—'),
    actionOutcome: cell('actionTaken', () => actionAndOutcome(view, item.fields.has('outcome'))),
    significant: item.fields.has('significant') ? (view.significant ?? false) : null,
    notes,
  };
}

function actionAndOutcome(view: EntryView, outcomeShown: boolean): string {
  const action = view.actionTaken ? view.actionTaken : view.noActionReason ? `No action taken: ${view.noActionReason}` : '—';
  return outcomeShown && view.outcome ? `${action}\nOutcome: ${view.outcome}` : action;
}

function formatDay(iso: string): string {
  return displayDate(iso.slice(0, 10), 'day');
}
