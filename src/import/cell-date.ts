import { DateReading, readUncertainDate } from './uncertain-date';
import type { ImportCell } from './import-table';

/**
 * The date in a cell: a spreadsheet date as precise as its format shows it ("May-16" formatted
 * mmm-yy is the month), or the cell's text read as a case reviewer writes dates.
 */
export function readCellDate(cell: ImportCell, today: string): DateReading {
  if (cell.date === undefined) return readUncertainDate(cell.text, today);
  const { date, time, shows } = cell.date;
  switch (shows) {
    case 'day':
      return { ok: true, date, precision: 'day', time };
    case 'month':
      return { ok: true, date: `${date.slice(0, 7)}-01`, precision: 'month', time: null };
    case 'year':
      return { ok: true, date: `${date.slice(0, 4)}-01-01`, precision: 'year', time: null };
    case 'time':
      return { ok: false, problem: `"${cell.text}" is a time of day without a date` };
  }
}
