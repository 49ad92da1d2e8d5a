import { Cell, ChronologyRow, isWithheld } from './chronology-document';
import { CELL_PAD_Y, cellWidth, CONTINUED_MARK, NOTES_GAP, NOTES_WIDTH, STYLES } from './theme';
import { Line, lineHeight, linesHeight, Typesetter } from './typesetter';

/** A table row's text, wrapped into its cells and measured before anything is drawn, so a row's height is known and it can split between any two lines. */

/** A cell of a laid-out row, spanning columns first..last. */
export interface CellBox {
  first: number;
  last: number;
  lines: Line[];
  withheld: boolean;
}

export interface RowBox {
  cells: CellBox[];
  /** Printed under the cells, from the second column to the right edge. */
  notes: Line[];
  significant: boolean;
  /** Repeated at the top of the date column of each continuation of a split row. */
  continuationHead: Line[];
}

/** The part of a row that goes on one page. */
export interface RowSlice {
  cells: Line[][];
  notes: Line[];
  height: number;
  bandHeight: number;
  continues: boolean;
}

export function layoutRow(type: Typesetter, row: ChronologyRow): RowBox {
  const dateLines = type.wrap(row.date, STYLES.date, cellWidth(0, 0));
  const date: Line[] = [...dateLines];
  if (row.time) date.push(...type.wrap(row.time, STYLES.detail, cellWidth(0, 0)));
  const significant = row.significant === true;
  if (significant) date.push({ ...type.plain('★ Significant', STYLES.significant), gapBefore: 2 });
  if (row.enteredInError) date.push(...type.wrap('ENTERED IN ERROR', STYLES.enteredInError, cellWidth(0, 0)).map((line, index) => (index === 0 ? { ...line, gapBefore: 2 } : line)));

  const source = [
    ...type.wrap(row.source.agency, STYLES.body, cellWidth(2, 2)),
    ...type.wrap([row.source.author, row.source.role].filter(Boolean).join(', '), STYLES.detail, cellWidth(2, 2)),
  ];
  const cells: CellBox[] =
    row.kind === 'withheld'
      ? [
          { first: 0, last: 0, lines: date, withheld: false },
          { first: 1, last: 1, lines: type.wrap('Entry withheld', STYLES.withheld, cellWidth(1, 1)), withheld: true },
          { first: 2, last: 2, lines: source, withheld: false },
          // Only the notice is known: it spans the three content columns.
          cellBox(type, 3, 5, { withheld: isWithheld(row.summary) ? row.summary.withheld : 'Withheld' }),
        ]
      : [
          { first: 0, last: 0, lines: date, withheld: false },
          cellBox(type, 1, 1, row.eventType),
          { first: 2, last: 2, lines: source, withheld: false },
          cellBox(type, 3, 3, row.summary),
          cellBox(type, 4, 4, row.impact),
          cellBox(type, 5, 5, row.actionOutcome),
        ];
  const notes = row.notes.flatMap((note) => type.wrap(note, STYLES.note, NOTES_WIDTH));
  return {
    cells,
    notes,
    significant,
    continuationHead: [...dateLines, ...type.wrap(CONTINUED_MARK, STYLES.continued, cellWidth(0, 0))],
  };
}

function cellBox(type: Typesetter, first: number, last: number, cell: Cell): CellBox {
  if (isWithheld(cell)) return { first, last, lines: type.wrap(cell.withheld, STYLES.withheld, cellWidth(first, last)), withheld: true };
  return { first, last, lines: type.wrap(cell.text, STYLES.body, cellWidth(first, last)), withheld: false };
}

export function wholeSlice(row: RowBox): RowSlice {
  const bandHeight = Math.max(...row.cells.map((cell) => linesHeight(cell.lines)));
  const notesHeight = row.notes.length > 0 ? NOTES_GAP + linesHeight(row.notes) : 0;
  return { cells: row.cells.map((cell) => cell.lines), notes: row.notes, bandHeight, height: bandHeight + notesHeight + 2 * CELL_PAD_Y, continues: false };
}

/** The lines from `from` on that fit in `room`; a column carried over from the page before starts flush, without its paragraph gap. */
export function fitting(lines: readonly Line[], from: number, room: number): Line[] {
  const taken: Line[] = [];
  let used = 0;
  for (let i = from; i < lines.length; i++) {
    const line = i === from && from > 0 ? { ...lines[i], gapBefore: 0 } : lines[i];
    if (used + lineHeight(line) > room) break;
    used += lineHeight(line);
    taken.push(line);
  }
  return taken;
}
