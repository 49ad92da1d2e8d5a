import type { EntryHistoryView, EntryView, WithheldEntryView } from '../../chronology/entry.view';
import type { VersionChange } from '../../chronology/entry-vocabulary';
import { ENTRY_FIELD_LABELS, INFORMATION_SOURCE_LABELS, NATURE_LABELS, SENSITIVITY_LABELS, WELLBEING_LABELS } from '../entry-labels';
import { ageAtEvent, ukDate, ukDateTime } from '../view-filters';
import { disputeLines } from './dispute-lines';

/** One row of an entry's summary list: free text keeps the writer's line breaks. */
interface Row {
  key: string;
  value: string;
  multiline: boolean;
}

const CHANGES: Record<VersionChange, string> = { created: 'Recorded', amended: 'Amended', 'entered-in-error': 'Marked as entered in error' };
const STATUSES: Record<EntryView['status'], string> = { current: 'Current', amended: 'Amended', 'entered-in-error': 'Entered in error' };

/** An entry as the reader may see it, row by row: a property the API left out is not shown, and `withheld` says what was left out and who holds it. */
export function entryRows(entry: EntryView, dateOfBirth: string): Row[] {
  const rows: Row[] = [];
  const row = (key: string, value: string | null | undefined, multiline = false) => {
    if (value === undefined || value === null || value === '') return;
    rows.push({ key, value, multiline });
  };
  const labelled = <T extends string>(labels: Record<T, string>, code: string | undefined) => (code === undefined ? undefined : (labels[code as T] ?? code));
  if (entry.eventDateDisplay !== undefined) {
    const time = entry.eventTime ? ` at ${entry.eventTime}` : '';
    const until = entry.eventEndDate ? ` to ${ukDate(entry.eventEndDate)}` : '';
    row('Date', `${entry.eventDateDisplay}${time}${until}`);
  }
  row("Child's age then", ageAtEvent(dateOfBirth, entry));
  row('Event type', entry.eventType?.label);
  row('Recorded by', [entry.source.author ? `${entry.source.author.name}${entry.source.author.jobTitle ? `, ${entry.source.author.jobTitle}` : ''}` : null, entry.source.agency.name].filter(Boolean).join(', '));
  row('Recorded on', ukDateTime(entry.recordedAt));
  row('Summary', entry.summary, true);
  if (entry.significant !== undefined) row('Significant', entry.significant ? 'Yes' : 'No');
  row('Positive, negative or neutral', labelled(NATURE_LABELS, entry.nature));
  if (entry.wellbeingIndicators !== undefined) row('Wellbeing indicators', entry.wellbeingIndicators.map((code) => labelled(WELLBEING_LABELS, code)).join(', ') || 'None recorded');
  row('Detail', entry.detail, true);
  row('Impact on the child', entry.impactOnChild, true);
  row('Action taken', entry.actionTaken, true);
  row('Why no action was taken', entry.noActionReason, true);
  row('Outcome', entry.outcome, true);
  row('Professional analysis', entry.professionalAnalysis, true);
  row("The child's or family's view", entry.childView, true);
  row('Source of the information', labelled(INFORMATION_SOURCE_LABELS, entry.informationSource));
  row('Reference in the agency’s own record', entry.sourceReference);
  row('Sensitivity', labelled(SENSITIVITY_LABELS, entry.sensitivity));
  row('Lawful basis for sharing', entry.lawfulBasis, true);
  if (entry.namesThirdParties !== undefined) row('Names third parties', entry.namesThirdParties ? 'Yes' : 'No');
  row('Status', STATUSES[entry.status] + (entry.restrictedProcessing ? ' (disputed: under restricted processing)' : ''));
  if (entry.lastChange && entry.lastChange.change !== 'created') row(`${CHANGES[entry.lastChange.change]} because`, entry.lastChange.reason, true);
  for (const dispute of disputeLines(entry)) row(dispute.label, dispute.text, true);
  return rows;
}

/** "Withheld: summary, detail ... held by NHS Lanarkshire (contact: ...)", in the page's words. */
export function withheldNotice(entry: EntryView): { fields: string; heldBy: string; contact: string | null } | null {
  if (!entry.withheld || entry.withheld.fields.length === 0) return null;
  return { fields: entry.withheld.fields.map((field) => ENTRY_FIELD_LABELS[field] ?? field).join(', '), heldBy: entry.withheld.heldBy, contact: entry.withheld.contact };
}

/** The versions, oldest first, each with who changed it, when and why, and what it said as far as the reader may see. */
export function historyRows(history: EntryHistoryView, dateOfBirth: string) {
  return history.versions.map((version) => ({
    version: version.version,
    change: version.lastChange ? CHANGES[version.lastChange.change] : '',
    by: version.lastChange ? `${version.lastChange.by}, ${version.lastChange.byAgency}` : '',
    at: version.lastChange ? ukDateTime(version.lastChange.at) : '',
    reason: version.lastChange?.reason ?? '',
    rows: entryRows(version, dateOfBirth).filter((row) => !['Status', 'Recorded by', 'Recorded on'].includes(row.key) && !row.key.endsWith(' because')),
  }));
}

export function entryHeading(entry: EntryView | WithheldEntryView): string {
  if (entry.kind === 'withheld') return 'Withheld entry';
  return entry.eventType?.label ?? 'Entry';
}
