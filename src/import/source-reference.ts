import type { CheckedRow } from './row-check';

/** The entry's own limit on a source reference (EntryContentDto). */
const MAX_REFERENCE = 200;
const MIN_FILE_NAME = 20;

/**
 * The row's entry with a source reference naming the file and row it came from, after the row's own
 * reference when it has one: "Ref 4471 (chronology.xlsx, row 12)". A long file name is shortened to
 * fit the entry's limit; a row whose own reference leaves no room is a problem on that row.
 */
export function withSourceReference(row: Extract<CheckedRow, { ok: true }>, fileName: string): CheckedRow {
  const own = row.content.sourceReference;
  const where = (name: string): string => `${name}, row ${row.rowNumber}`;
  const room = MAX_REFERENCE - (own === null ? where('').length : own.length + ` (${where('')})`.length);
  if (room < Math.min(MIN_FILE_NAME, fileName.length)) {
    return {
      rowNumber: row.rowNumber,
      ok: false,
      problems: [
        {
          row: row.rowNumber,
          column: null,
          columnLetter: null,
          field: 'sourceReference',
          problem: `the source reference is too long to add the file's name and row to it (at most ${MAX_REFERENCE} characters in all)`,
        },
      ],
    };
  }
  const name = fileName.length <= room ? fileName : `${fileName.slice(0, room - 1)}…`;
  const reference = own === null ? where(name) : `${own} (${where(name)})`;
  return { ...row, content: { ...row.content, sourceReference: reference } };
}

/** A file name as the browser sent it, made fit to be shown and stored: its last path part, no control characters, at most 120 characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return (clean === '' ? 'upload' : clean).slice(0, 120);
}
