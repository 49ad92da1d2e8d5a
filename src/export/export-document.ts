import type { ReadableEntryField } from '../access/access-policy';
import type { DocumentItem } from './document-entries';
import { displayDate } from '../chronology/date-display';
import type { EntryView, WithheldEntryView } from '../chronology/entry.view';
import { toUndatedWithheld } from '../chronology/withheld-notices';
import type { ExportAudience, WithheldNotices } from './export-audiences';
import { asInitials, everyText } from './name-initials';
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

/**
 * The title block as printed, kept with the export's record: a document made again from the record
 * prints it as it was, whatever has changed since in the child's record or the producer's job title.
 */
export interface TitleBlock {
  /** As the audience may see them: the name may be initials, the date of birth and identifiers left out. */
  child: ChronologyDocument['child'];
  period: string;
  filters: string[];
  /** The producing agency's contact is whom a copy with a general statement sends its reader to. */
  producedBy: ChronologyDocument['producedBy'] & { agencyContact: string | null };
  /**
   * For a copy that names the child by initials: the child's names (given, family, known as), each
   * printed as its initial in every text of the copy (name-initials.ts). Kept with the record, so
   * the copy made again replaces the same names.
   */
  namesAsInitials?: string[];
}

export interface DocumentContext {
  exportId: string;
  remade?: ChronologyDocument['remade'];
  producedAt: Date;
  producedFor: string;
  purpose: string;
  lawfulBasis: string;
  audience: ExportAudience;
  titleBlock: TitleBlock;
  items: DocumentItem[];
  /** Entries the copy showed when first made that have since been destroyed under the retention schedule (a copy made again only). */
  destroyed?: { entries: number; certificates: string[] } | null;
}

/** The fields of an item the document prints: what it may show, of what a document prints. */
export function printedFields(item: DocumentItem): ReadableEntryField[] {
  return item.shown === 'entry' ? PRINTED_FIELDS.filter((field) => item.fields.has(field)) : [];
}

/** The title block of a new document, as its audience may see the child. */
export function titleBlockFor(
  audience: ExportAudience,
  child: { givenName: string; familyName: string; knownAs: string | null; dateOfBirth: string; identifiers: { scheme: string; value: string }[] },
  facts: Omit<TitleBlock, 'child'>,
): TitleBlock {
  const initials = audience.childName === 'initials';
  return {
    ...(initials ? { namesAsInitials: [child.givenName, child.familyName, ...(child.knownAs ? [child.knownAs] : [])] } : {}),
    child: {
      name: initials ? `${child.givenName.charAt(0)}. ${child.familyName.charAt(0)}.` : `${child.givenName} ${child.familyName}${child.knownAs ? ` (known as ${child.knownAs})` : ''}`,
      dateOfBirth: audience.showDateOfBirth ? displayDate(child.dateOfBirth, 'day') : null,
      identifiers: audience.showIdentifiers ? child.identifiers.map(({ scheme, value }) => `${IDENTIFIER_NAMES[scheme] ?? scheme} ${value}`) : [],
    },
    ...facts,
  };
}

/** Everything the PDF shows, decided here; the renderer only lays it out. */
export function buildExportDocument(context: DocumentContext): ChronologyDocument {
  const { audience, titleBlock, items } = context;
  const { agencyContact, ...producedBy } = titleBlock.producedBy;
  const itemised = audience.withheldNotices === 'itemised';
  // Every text the copy prints, whatever its field, through the one redaction: the child's names as initials where the audience says so.
  return everyText<ChronologyDocument>({
    exportId: context.exportId,
    protectiveMarking: PROTECTIVE_MARKING,
    title: 'Multi-agency chronology',
    child: titleBlock.child,
    period: titleBlock.period,
    filters: titleBlock.filters,
    audience: { label: audience.label, description: audience.description },
    purpose: context.purpose,
    lawfulBasis: context.lawfulBasis,
    producedBy,
    producedFor: context.producedFor,
    producedAt: context.producedAt.toISOString(),
    remade: context.remade ?? null,
    // A general copy has no row for an entry it does not show: a row, even unnamed, would count and date what is withheld.
    rows: items.flatMap((item) => {
      if (item.shown === 'entry') return [entryRow(item, audience.withheldNotices)];
      return item.shown === 'marker' && itemised ? [markerRow(item.view as WithheldEntryView)] : [];
    }),
    withheldSummary: [...(itemised ? [...undatedNotices(items), ...leftOutNotices(items)] : []), ...destroyedNotice(context.destroyed)],
    withheldKey: itemised
      ? { label: 'Withheld', explanation: 'not shared with this audience: the notice says who holds it and whom to ask' }
      : { label: NOT_INCLUDED, explanation: 'see “About this copy” above' },
    statement: itemised
      ? null
      : `Some information may have been left out of this copy, as the law allows. To ask about it, contact ${producedBy.agency}${agencyContact ? `: ${agencyContact}` : ''}.`,
  }, asInitials(titleBlock.namesAsInitials ?? []), MACHINE_TEXT);
}

/** What no reader reads as words: the export's id and the times it was made, which the renderer formats. */
const MACHINE_TEXT: ReadonlySet<string> = new Set(['exportId', 'producedAt', 'at']);

/** A copy made again says its source was destroyed, whatever its audience: the copy is no longer the record it was. */
function destroyedNotice(destroyed: DocumentContext['destroyed']): string[] {
  if (!destroyed || destroyed.entries === 0) return [];
  const count = destroyed.entries === 1 ? '1 entry' : `${destroyed.entries} entries`;
  return [`${count} this copy showed when it was first made ${destroyed.entries === 1 ? 'has' : 'have'} since been destroyed under the retention schedule (destruction certificate ${destroyed.certificates.join(', ')}).`];
}

/** What a general copy says in place of anything it does not show, whoever holds it and for whatever reason. */
const NOT_INCLUDED = 'Not included in this copy';

const IDENTIFIER_NAMES: Record<string, string> = { chi: 'CHI', nhs: 'NHS number', scn: 'Scottish candidate number', 'police-ref': 'Police reference' };

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

function entryRow(item: DocumentItem, notices: WithheldNotices): ChronologyRow {
  const view = item.view as EntryView;
  const agency = view.source.agency.name;
  const contact = view.withheld?.contact ? ` (contact: ${view.withheld.contact})` : '';
  const itemised = notices === 'itemised';
  // Itemised: withheld by the policy (the reader may not see it; the row's note says whom to ask) or left out (the reader may, but
  // this audience's copy does not show it). General: the same words for both, so a cell never says who holds what.
  const cell = (field: ReadableEntryField, text: () => string): Cell => {
    if (item.fields.has(field)) return { text: text() };
    if (!itemised) return { withheld: NOT_INCLUDED };
    return item.readable.has(field) ? { withheld: 'Left out of this copy' } : { withheld: `Withheld: held by ${agency}` };
  };
  const notes: string[] = [];
  const change = view.lastChange;
  // A copy that leaves out who recorded an entry leaves out who corrected it too.
  const when = change ? (item.fields.has('author') ? `${formatDay(change.at)}, ${change.by}` : formatDay(change.at)) : '';
  // A reason can quote what it corrects: it is printed only beside the summary it explains.
  const reason = change?.reason && item.fields.has('summary') ? `: ${change.reason}` : '';
  if (view.status === 'entered-in-error') notes.push(change ? `Entered in error (${when})${reason}` : 'Marked as entered in error');
  else if (view.status === 'amended') notes.push(change ? `Amended: this is version ${view.version} (${when})${reason}` : `Amended: this is version ${view.version}`);
  if (item.fields.has('childView') && view.childView) notes.push(`The child's view: ${view.childView}`);
  notes.push(...disputeNotes(view));
  if (itemised && PRINTED_FIELDS.some((field) => !item.readable.has(field))) notes.push(`Some details withheld: held by ${agency}${contact}`);
  if (itemised && PRINTED_FIELDS.some((field) => item.readable.has(field) && !item.fields.has(field))) notes.push(`Some details are left out of this copy for its audience`);
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
    enteredInError: view.status === 'entered-in-error',
    notes,
  };
}

const DISPUTED_BY: Record<string, string> = { 'young-person': 'the young person', 'parental-responsibility': 'a person with parental responsibility', representative: 'a representative of the family' };

/** A dispute shows wherever its entry does: that it is disputed, by whom, the words and the answer as far as the view holds them. */
function disputeNotes(view: EntryView): string[] {
  const notes = (view.disputes ?? []).map((dispute) => {
    const words = dispute.words ? `: “${dispute.words}”` : ' (their words are withheld from this copy)';
    const answer = dispute.status === 'open' ? '' : ` ${dispute.status === 'amended' ? 'Answered by amending the entry' : 'Upheld by the recording agency'} on ${formatDay(dispute.answeredAt ?? '')}${dispute.answerReason ? `: ${dispute.answerReason}` : ''}.`;
    return `Disputed by ${DISPUTED_BY[dispute.disputedBy] ?? dispute.disputedBy} on ${formatDay(dispute.recordedAt)}${words}.${answer}`;
  });
  if (view.restrictedProcessing) notes.push('Restricted processing: the dispute is open, so this entry may only be stored and used as the law allows while it is (UK GDPR Art. 18).');
  return notes;
}

function actionAndOutcome(view: EntryView, outcomeShown: boolean): string {
  const action = view.actionTaken ? view.actionTaken : view.noActionReason ? `No action taken: ${view.noActionReason}` : '—';
  return outcomeShown && view.outcome ? `${action}\nOutcome: ${view.outcome}` : action;
}

function formatDay(iso: string): string {
  return displayDate(iso.slice(0, 10), 'day');
}

/** Entries withheld whole, their date included, counted per agency and sensitivity as the chronology's `withheldUndated` counts them. */
function undatedNotices(items: DocumentItem[]): string[] {
  const groups = new Map<string, { marker: WithheldEntryView; count: number }>();
  for (const item of items) {
    if (item.shown !== 'undated') continue;
    const marker = item.view as WithheldEntryView;
    const key = `${marker.source.agency.id}|${marker.sensitivity}`;
    const group = groups.get(key) ?? { marker, count: 0 };
    group.count += 1;
    groups.set(key, group);
  }
  // Sorted, not in the order met, so a document made again words its notices in the same order.
  return [...groups.values()]
    .sort((a, b) => compare(a.marker.source.agency.name, b.marker.source.agency.name) || compare(a.marker.sensitivity, b.marker.sensitivity))
    .map(({ marker, count }) =>
      toUndatedWithheld({
        agencyId: marker.source.agency.id,
        agencyCode: marker.source.agency.code,
        agencyName: marker.source.agency.name,
        agencyType: marker.source.agency.type,
        agencyContact: marker.contact,
        sensitivity: marker.sensitivity,
        count,
      }).notice,
    );
}

/** Entries the audience's copy leaves out whole, counted per agency: never silently missing. */
function leftOutNotices(items: DocumentItem[]): string[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    if (item.shown !== 'left-out') continue;
    const agency = item.view.source.agency.name;
    counts.set(agency, (counts.get(agency) ?? 0) + 1);
  }
  return [...counts].map(([agency, count]) => `Left out of this copy for its audience: ${count} ${count === 1 ? 'entry' : 'entries'} from ${agency}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
