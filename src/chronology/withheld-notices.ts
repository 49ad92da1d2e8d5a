import { displayDate } from './date-display';
import { agencyRef } from './entry-projection';
import type { EntryRow } from './entry-row';
import type { UndatedWithheldEntries, WithheldEntryView } from './entry.view';

/** The words that tell a reader something is withheld, and whom to ask about it. */

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

/** Withheld entries without a date, counted for one agency and sensitivity. */
export type UndatedWithheldRow = Pick<EntryRow, 'agencyId' | 'agencyCode' | 'agencyName' | 'agencyType' | 'agencyContact' | 'sensitivity'> & { count: number };

export function toUndatedWithheld(row: UndatedWithheldRow): UndatedWithheldEntries {
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


/** Why a reader who may see an entry may not see its history, and whom to ask. */
export function historyWithheldMessage(row: Pick<EntryRow, 'agencyName' | 'agencyContact'>): string {
  return `The history of this entry is withheld; it is held by ${row.agencyName}${contactSuffix(row.agencyContact)}`;
}
