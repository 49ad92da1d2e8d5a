import { style, TextStyle } from './typesetter';

/** How a printed chronology looks: the page, its colours, the type styles and the table's columns. */

export const MM = 72 / 25.4;

// A4 landscape: six columns of prose need width far more than height. In portrait the summary
// column would be about 150 pt (some 30 characters a line) and every row three times as tall.
export const PAGE_WIDTH = 841.89;
export const PAGE_HEIGHT = 595.28;
// 15 mm keeps everything, the marking included, inside what any office printer can print.
export const MARGIN = 15 * MM;
export const CONTENT_LEFT = MARGIN;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
export const CONTENT_RIGHT = CONTENT_LEFT + CONTENT_WIDTH;

export const RUNNING_HEAD_HEIGHT = 14;
export const BODY_TOP = MARGIN + RUNNING_HEAD_HEIGHT + 10;
export const FOOTER_TOP = PAGE_HEIGHT - MARGIN - 36;
export const BODY_BOTTOM = FOOTER_TOP - 8;

export const INK = '#1b1f24';
export const MUTED = '#55606d';
export const RULE = '#c3c9d2';
export const ACCENT = '#1f3a5f';
export const HEADER_FILL = '#e4e9f0';
export const SIGNIFICANT = '#b3261e';
export const SIGNIFICANT_TINT = '#fdf5f4';
export const WITHHELD_FILL = '#f1f1f1';
export const WITHHELD_HATCH = '#d6d6d6';
export const WITHHELD_INK = '#4a4a4a';
export const LEGEND_FILL = '#f7f8fa';
export const NOTE_INK = '#333a42';

export const STYLES = {
  title: style('bold', 17, ACCENT),
  childName: style('bold', 13, INK),
  childDetail: style('regular', 9, INK),
  childDetailWithheld: style('italic', 9, WITHHELD_INK),
  fieldLabel: style('bold', 7.8, MUTED, 11.2),
  fieldValue: style('regular', 8.8, INK, 11.2),
  fieldValueStrong: style('bold', 8.8, INK, 11.2),
  legendHeading: style('bold', 7.8, MUTED),
  legend: style('regular', 7.8, INK),
  columnHeading: style('bold', 8, INK),
  date: style('bold', 8.5, INK),
  body: style('regular', 8.5, INK),
  detail: style('regular', 7.3, MUTED, 9.2),
  significant: style('bold', 7.5, SIGNIFICANT, 9.6),
  enteredInError: style('bold', 7.5, INK, 9.6),
  continued: style('italic', 7.3, MUTED, 9.2),
  withheld: style('italic', 8, WITHHELD_INK, 10.2),
  note: style('regular', 7.4, NOTE_INK, 9.2),
  sectionHeading: style('bold', 10, ACCENT),
  endLine: style('bold', 8.5, INK),
  runningHead: style('regular', 7.3, MUTED),
  marking: style('bold', 9.5, INK),
  footer: style('regular', 7.5, INK, 9.6),
  footerDetail: style('regular', 7, MUTED, 9.6),
  pageNumber: style('bold', 8, INK, 9.6),
} satisfies Record<string, TextStyle>;

export interface Column {
  heading: string;
  width: number;
}

// Widths in points (sum = CONTENT_WIDTH, 756.85): the summary gets most room because it carries
// the facts; dates and event types are short; action/outcome and impact run to a few lines.
export const COLUMNS: readonly Column[] = [
  { heading: 'Date', width: 76 },
  { heading: 'Event type', width: 86 },
  { heading: 'Source', width: 104 },
  { heading: 'What happened', width: 210.85 },
  { heading: 'Impact on the child', width: 134 },
  { heading: 'Action / outcome', width: 146 },
];
export const COLUMN_LEFT = COLUMNS.reduce<number[]>((lefts, _column, i) => [...lefts, i === 0 ? CONTENT_LEFT : lefts[i - 1] + COLUMNS[i - 1].width], []);
export const CELL_PAD_X = 4.5;
export const CELL_PAD_Y = 4;
/** Room for the significant bar, so the date never touches it. */
export const SIGNIFICANT_BAR = 3;
export const DATE_INSET = SIGNIFICANT_BAR + 2;
export const NOTES_GAP = 2.5;
export const CONTINUED_MARK = '(continued)';
export const CONTINUES_MARK = 'Continues on next page';

export const cellX = (first: number): number => COLUMN_LEFT[first] + (first === 0 ? DATE_INSET : 0) + CELL_PAD_X;
export const cellWidth = (first: number, last: number): number =>
  COLUMN_LEFT[last] + COLUMNS[last].width - COLUMN_LEFT[first] - 2 * CELL_PAD_X - (first === 0 ? DATE_INSET : 0);
export const NOTES_LEFT = COLUMN_LEFT[1] + CELL_PAD_X;
export const NOTES_WIDTH = CONTENT_RIGHT - CELL_PAD_X - NOTES_LEFT;
