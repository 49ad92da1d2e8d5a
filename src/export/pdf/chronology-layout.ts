import type { ChronologyDocument } from './chronology-document';
import { fitting, layoutRow, RowBox, RowSlice, wholeSlice } from './table-rows';
import {
  BODY_BOTTOM,
  BODY_TOP,
  CELL_PAD_X,
  CELL_PAD_Y,
  cellWidth,
  cellX,
  COLUMN_LEFT,
  COLUMNS,
  CONTENT_LEFT,
  CONTENT_RIGHT,
  CONTENT_WIDTH,
  CONTINUES_MARK,
  FOOTER_TOP,
  HEADER_FILL,
  LEGEND_FILL,
  MARGIN,
  MUTED,
  NOTES_GAP,
  NOTES_LEFT,
  PAGE_HEIGHT,
  RULE,
  RUNNING_HEAD_HEIGHT,
  SIGNIFICANT,
  SIGNIFICANT_BAR,
  SIGNIFICANT_TINT,
  STYLES,
  WITHHELD_FILL,
  WITHHELD_HATCH,
} from './theme';
import { Line, lineHeight, linesHeight, Typesetter } from './typesetter';
import { formatUkTime, parseProducedAt } from './uk-time';

/**
 * Where everything of a printed chronology goes: the title block, the table with rows that split
 * across pages, the notices of entries withheld without a date, and the running heads and footers.
 */

/**
 * A buffered page keeps each drawing operator as a small buffer of its own until the document
 * ends: some 1,300 per page of this table, 50 MB of small objects for a 2,000-entry chronology,
 * which kept a printout over its memory budget. Joined into one as the page is left, the same
 * bytes are written. (pdfkit's PDFReference.buffer; the joining is skipped if that ever changes.)
 */
export function compactPageContent(page: PDFKit.PDFPage): void {
  const content = (page as unknown as { content?: { buffer?: unknown } }).content;
  if (content && Array.isArray(content.buffer) && content.buffer.length > 1) content.buffer = [Buffer.concat(content.buffer as Uint8Array[])];
}

export class ChronologyLayout {
  private readonly type: Typesetter;
  private y = BODY_TOP;
  private tableHeaderOnPage = false;
  private readonly headerRow: Line[][];
  private readonly headerRowHeight: number;
  /** Foot of the date column of a split row's slice that goes on over the page. */
  private readonly continuesMark: Line[];
  /** "24 Nov 2026, 09:30 GMT for Jamie Reid, Police Scotland" when the copy was made again, else null. */
  private readonly remade: string | null;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly document: ChronologyDocument,
    private readonly producedAt: string,
  ) {
    this.remade = document.remade ? `${formatUkTime(parseProducedAt(document.remade.at))} for ${document.remade.for}` : null;
    this.type = new Typesetter(doc);
    this.headerRow = COLUMNS.map((column, i) => this.type.wrap(column.heading, STYLES.columnHeading, cellWidth(i, i)));
    this.headerRowHeight = Math.max(...this.headerRow.map(linesHeight)) + 2 * CELL_PAD_Y;
    this.continuesMark = this.type.wrap(CONTINUES_MARK, STYLES.continued, cellWidth(0, 0));
  }

  render(): void {
    this.newPage();
    this.titleBlock();
    this.table();
    this.withheldSummary();
    this.endLine();
    this.footers();
  }

  private newPage(): void {
    const leaving = this.doc.page as PDFKit.PDFPage | undefined;
    if (leaving) compactPageContent(leaving);
    this.doc.addPage();
    this.type.forgetColour();
    this.y = BODY_TOP;
    this.tableHeaderOnPage = false;
    this.runningHead();
  }

  /** Drawn as each page starts, so the marking comes first in the page's text as well as on top. */
  private runningHead(): void {
    const { title, child, protectiveMarking } = this.document;
    const top = MARGIN;
    this.type.draw(this.type.oneLine(`${title}: ${child.name}`, STYLES.runningHead, CONTENT_WIDTH / 2 - 60), CONTENT_LEFT, top + 1.5);
    this.type.draw(this.type.plain(protectiveMarking, STYLES.marking), CONTENT_LEFT, top, 'center', CONTENT_WIDTH);
    this.rule(CONTENT_LEFT, CONTENT_RIGHT, top + RUNNING_HEAD_HEIGHT, 0.6, RULE);
  }

  /** Written once the page count is known; every page gets the marking, page x of y, export id and recipient. */
  private footers(): void {
    const { count } = this.doc.bufferedPageRange();
    const { protectiveMarking, producedFor, exportId, producedBy } = this.document;
    const pageNumberWidth = 90;
    const forLine = this.type.oneLine(`Produced for: ${producedFor}`, STYLES.footer, CONTENT_WIDTH - pageNumberWidth - 10);
    // First, where a long line's ellipsis cannot reach it.
    const remade = this.remade ? `Made again ${this.remade}  ·  ` : '';
    const detail = this.type.oneLine(
      `${remade}Export ID ${exportId}  ·  produced ${this.producedAt} by ${producedBy.name}, ${producedBy.agency}`,
      STYLES.footerDetail,
      CONTENT_WIDTH - pageNumberWidth - 10,
    );
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(i);
      this.type.forgetColour();
      // Nothing written here may move pdfkit's cursor past the bottom margin onto a new page.
      this.doc.page.margins.bottom = 0;
      this.rule(CONTENT_LEFT, CONTENT_RIGHT, FOOTER_TOP, 0.6, RULE);
      this.type.draw(forLine, CONTENT_LEFT, FOOTER_TOP + 4);
      this.type.draw(this.type.plain(`Page ${i + 1} of ${count}`, STYLES.pageNumber), CONTENT_LEFT, FOOTER_TOP + 4, 'right', CONTENT_WIDTH);
      this.type.draw(detail, CONTENT_LEFT, FOOTER_TOP + 4 + STYLES.footer.leading);
      this.type.draw(this.type.plain(protectiveMarking, STYLES.marking), CONTENT_LEFT, PAGE_HEIGHT - MARGIN - STYLES.marking.leading, 'center', CONTENT_WIDTH);
    }
  }

  private titleBlock(): void {
    const { title, child } = this.document;
    this.y = this.type.drawLines(this.type.wrap(title, STYLES.title, CONTENT_WIDTH), CONTENT_LEFT, this.y);
    this.y = this.type.drawLines(this.type.wrap(child.name, STYLES.childName, CONTENT_WIDTH), CONTENT_LEFT, this.y + 3);
    this.y = this.childDetails(this.y + 1);
    this.y += 6;
    this.rule(CONTENT_LEFT, CONTENT_RIGHT, this.y, 0.6, RULE);
    this.y += 8;
    this.fields();
    this.statement();
    this.legend();
  }

  private statement(): void {
    const { statement } = this.document;
    if (statement === null) return;
    const lines = [...this.type.wrap('About this copy', STYLES.legendHeading, CONTENT_WIDTH - 16), ...this.type.wrap(statement, STYLES.fieldValue, CONTENT_WIDTH - 16)];
    const height = linesHeight(lines) + 12;
    this.y += 8;
    this.ensureSpace(height);
    this.type.fillRect(CONTENT_LEFT, this.y, CONTENT_WIDTH, height, LEGEND_FILL);
    this.type.drawLines(lines, CONTENT_LEFT + 8, this.y + 6);
    this.y += height;
  }

  private childDetails(top: number): number {
    const { dateOfBirth, identifiers } = this.document.child;
    const dob = [
      this.type.plain('Date of birth: ', STYLES.childDetail),
      dateOfBirth === null ? this.type.plain('Withheld', STYLES.childDetailWithheld) : this.type.plain(dateOfBirth, STYLES.childDetail),
    ];
    let x = CONTENT_LEFT;
    for (const part of dob) {
      this.type.draw(part, x, top);
      x += part.width;
    }
    let y = top + STYLES.childDetail.leading;
    if (identifiers.length > 0) y = this.type.drawLines(this.type.wrap(identifiers.join('   ·   '), STYLES.childDetail, CONTENT_WIDTH), CONTENT_LEFT, y);
    return y;
  }

  /**
   * Two columns of labelled fields: what the chronology covers, and whose copy this is. If they
   * cannot fit beside each other on the page (very many filters), they run down the page instead.
   */
  private fields(): void {
    const d = this.document;
    const gutter = 24;
    const columnWidth = (CONTENT_WIDTH - gutter) / 2;
    const labelWidth = 92;
    const valueWidth = columnWidth - labelWidth;
    const value = (text: string, strong = false): Line[] => this.type.wrap(text, strong ? STYLES.fieldValueStrong : STYLES.fieldValue, valueWidth);
    const left: Field[] = [
      { label: 'Period covered', value: value(d.period) },
      {
        label: 'Filters applied',
        value: d.filters.length === 0 ? value('None') : d.filters.flatMap((filter) => this.type.bulleted(filter, STYLES.fieldValue, valueWidth)),
      },
      { label: 'Audience', value: [...value(d.audience.label, true), ...value(d.audience.description)] },
      { label: 'Purpose', value: value(d.purpose) },
      ...(d.lawfulBasis ? [{ label: 'Lawful basis', value: value(d.lawfulBasis) }] : []),
    ];
    const right: Field[] = [
      { label: 'Produced by', value: [...value(d.producedBy.name, true), ...value(`${d.producedBy.role}, ${d.producedBy.agency}`)] },
      { label: 'Produced on', value: value(this.producedAt) },
      { label: 'Produced for', value: value(d.producedFor) },
      { label: 'Export ID', value: value(d.exportId) },
      ...(this.remade
        ? [
            {
              label: 'Made again',
              value: [
                ...value(this.remade, true),
                ...value('From the export’s record, redacted for that reader: it is not the original, and may differ from it'),
              ],
            },
          ]
        : []),
    ];
    const fieldGap = 4;
    const heightOf = (fields: Field[]): number => fields.reduce((sum, field) => sum + Math.max(linesHeight(field.value), STYLES.fieldLabel.leading) + fieldGap, 0);
    if (this.y + Math.max(heightOf(left), heightOf(right)) <= BODY_BOTTOM) {
      const top = this.y;
      const leftBottom = this.drawFields(left, CONTENT_LEFT, top, labelWidth, fieldGap);
      const rightBottom = this.drawFields(right, CONTENT_LEFT + columnWidth + gutter, top, labelWidth, fieldGap);
      this.y = Math.max(leftBottom, rightBottom);
      return;
    }
    for (const field of [...left, ...right]) {
      this.ensureSpace(STYLES.fieldLabel.leading);
      this.type.draw(this.type.plain(field.label, STYLES.fieldLabel), CONTENT_LEFT, this.y);
      this.flow(field.value, CONTENT_LEFT + labelWidth);
      this.y += fieldGap;
    }
  }

  private drawFields(fields: Field[], x: number, top: number, labelWidth: number, gap: number): number {
    let y = top;
    for (const field of fields) {
      this.type.draw(this.type.plain(field.label, STYLES.fieldLabel), x, y);
      y = Math.max(this.type.drawLines(field.value, x + labelWidth, y), y + STYLES.fieldLabel.leading) + gap;
    }
    return y;
  }

  private legend(): void {
    const height = 22;
    const gap = 8;
    if (this.y + gap + height > BODY_BOTTOM) this.newPage();
    else this.y += gap;
    const top = this.y;
    this.type.fillRect(CONTENT_LEFT, top, CONTENT_WIDTH, height, LEGEND_FILL);
    const textTop = top + (height - STYLES.legend.leading) / 2;
    let x = CONTENT_LEFT + 8;
    this.type.draw(this.type.plain('Key', STYLES.legendHeading), x, textTop);
    x += 30;
    this.type.fillRect(x, top + 4, SIGNIFICANT_BAR, height - 8, SIGNIFICANT);
    x += SIGNIFICANT_BAR + 4;
    const significant = this.type.plain('★ Significant', STYLES.significant);
    this.type.draw({ ...significant, style: { ...significant.style, leading: STYLES.legend.leading } }, x, textTop);
    x += significant.width + 5;
    const significantText = this.type.plain('a significant event in the child’s life', STYLES.legend);
    this.type.draw(significantText, x, textTop);
    x += significantText.width + 22;
    const { label, explanation } = this.document.withheldKey;
    const swatchLabel = this.type.plain(label, STYLES.withheld);
    const swatchWidth = swatchLabel.width + 12;
    this.withheldFill(x, top + 4, swatchWidth, height - 8);
    this.type.draw(swatchLabel, x + 6, textTop);
    x += swatchWidth + 5;
    this.type.draw(this.type.oneLine(explanation, STYLES.legend, CONTENT_RIGHT - 8 - x), x, textTop);
    this.y = top + height + 12;
  }

  private table(): void {
    const { rows } = this.document;
    if (rows.length === 0) {
      this.ensureSpace(STYLES.body.leading);
      this.y = this.type.draw(this.type.plain('No entries for the period and filters shown.', STYLES.body), CONTENT_LEFT, this.y);
      return;
    }
    for (const row of rows) this.placeRow(layoutRow(this.type, row));
  }

  /**
   * A row goes whole on this page if it fits, else whole on the next; only a row taller than a
   * whole page is split, between lines, with its date and "(continued)" heading each later part.
   */
  private placeRow(row: RowBox): void {
    const whole = wholeSlice(row);
    const capacity = BODY_BOTTOM - BODY_TOP - this.headerRowHeight;
    if (whole.height > this.spaceForRows() && whole.height <= capacity) this.newPage();
    if (whole.height <= this.spaceForRows()) {
      this.drawSlice(row, whole);
      return;
    }
    // Starting a page-long row in a sliver at the foot of a page would only scatter it further.
    if (this.spaceForRows() < capacity / 3) this.newPage();
    const next = row.cells.map(() => 0);
    let nextNote = 0;
    let continued = false;
    for (;;) {
      const slice = this.takeSlice(row, next, nextNote, continued);
      if (slice.height === 0) throw new Error('A chronology row line is taller than a page');
      nextNote += slice.notes.length;
      this.drawSlice(row, slice);
      if (!slice.continues) return;
      this.newPage();
      continued = true;
    }
  }

  /** Fills the rest of the page with as many lines of each cell (then of the notes) as fit; advances `next`. */
  private takeSlice(row: RowBox, next: number[], nextNote: number, continued: boolean): RowSlice {
    const available = this.spaceForRows() - 2 * CELL_PAD_Y;
    let progressed = false;
    const cells = row.cells.map((cell, i) => {
      const head = continued && i === 0 ? row.continuationHead : [];
      // The date column keeps room for the "continues" mark at the foot of the slice.
      const room = available - linesHeight(head) - (i === 0 ? linesHeight(this.continuesMark) : 0);
      const taken = fitting(cell.lines, next[i], room);
      next[i] += taken.length;
      progressed ||= taken.length > 0;
      return [...head, ...taken];
    });
    const cellsDone = row.cells.every((cell, i) => next[i] >= cell.lines.length);
    const bandHeight = Math.max(...cells.map(linesHeight));
    const notes = cellsDone ? fitting(row.notes, nextNote, available - bandHeight - NOTES_GAP) : [];
    progressed ||= notes.length > 0;
    const continues = !cellsDone || nextNote + notes.length < row.notes.length;
    const notesHeight = notes.length > 0 ? NOTES_GAP + linesHeight(notes) : 0;
    return {
      cells,
      notes,
      bandHeight,
      height: progressed ? (continues ? available : bandHeight + notesHeight) + 2 * CELL_PAD_Y : 0,
      continues,
    };
  }

  private spaceForRows(): number {
    return BODY_BOTTOM - this.y - (this.tableHeaderOnPage ? 0 : this.headerRowHeight);
  }

  private drawSlice(row: RowBox, slice: RowSlice): void {
    if (!this.tableHeaderOnPage) this.tableHeader();
    const top = this.y;
    const bottom = top + slice.height;
    // The tint starts below the rule above, which a significant row following another would otherwise paint over.
    if (row.significant) this.type.fillRect(CONTENT_LEFT, top + 0.5, CONTENT_WIDTH, slice.height - 0.5, SIGNIFICANT_TINT);
    // Cells reach down to the notes, or to the foot of the slice when there are none.
    const cellsBottom = slice.notes.length > 0 ? top + slice.bandHeight + 2 * CELL_PAD_Y : bottom;
    row.cells.forEach((cell, i) => {
      const x = COLUMN_LEFT[cell.first];
      const width = COLUMN_LEFT[cell.last] + COLUMNS[cell.last].width - x;
      if (cell.withheld) this.withheldFill(x + 1, top + 1, width - 2, cellsBottom - top - 2);
      this.type.drawLines(slice.cells[i], cellX(cell.first), top + CELL_PAD_Y);
    });
    if (slice.continues) this.type.drawLines(this.continuesMark, cellX(0), bottom - CELL_PAD_Y - linesHeight(this.continuesMark));
    if (slice.notes.length > 0) {
      const notesTop = top + CELL_PAD_Y + slice.bandHeight + NOTES_GAP;
      this.doc
        .moveTo(NOTES_LEFT, notesTop - NOTES_GAP / 2)
        .lineTo(CONTENT_RIGHT - CELL_PAD_X, notesTop - NOTES_GAP / 2)
        .dash(1, { space: 1.5 })
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke()
        .undash();
      this.type.drawLines(slice.notes, NOTES_LEFT, notesTop);
    }
    if (row.significant) this.type.fillRect(CONTENT_LEFT, top, SIGNIFICANT_BAR, slice.height, SIGNIFICANT);
    this.rule(CONTENT_LEFT, CONTENT_RIGHT, bottom, 0.5, RULE);
    this.y = bottom;
  }

  private tableHeader(): void {
    const top = this.y;
    this.type.fillRect(CONTENT_LEFT, top, CONTENT_WIDTH, this.headerRowHeight, HEADER_FILL);
    this.headerRow.forEach((lines, i) => this.type.drawLines(lines, cellX(i), top + CELL_PAD_Y));
    this.rule(CONTENT_LEFT, CONTENT_RIGHT, top + this.headerRowHeight, 0.8, MUTED);
    this.y = top + this.headerRowHeight;
    this.tableHeaderOnPage = true;
  }

  /** A light tint with faint diagonal hatching: reads as "something is here but not shown", in colour or greyscale. */
  private withheldFill(x: number, y: number, width: number, height: number): void {
    const doc = this.doc;
    // Between save and restore, so the colour in force afterwards is the one the typesetter knows.
    doc.save();
    doc.rect(x, y, width, height).fillColor(WITHHELD_FILL).fill();
    doc.rect(x, y, width, height).clip();
    const step = 6;
    for (let offset = -height; offset < width; offset += step) doc.moveTo(x + offset, y + height).lineTo(x + offset + height, y);
    doc.lineWidth(0.5).strokeColor(WITHHELD_HATCH).stroke();
    doc.restore();
  }

  private withheldSummary(): void {
    const notices = this.document.withheldSummary.map((notice) => this.type.wrap(notice, STYLES.withheld, CONTENT_WIDTH - 2 * CELL_PAD_X));
    if (notices.length === 0) return;
    const heading = this.type.wrap('Entries withheld without a date', STYLES.sectionHeading, CONTENT_WIDTH);
    const boxHeight = (lines: readonly Line[]) => linesHeight(lines) + 2 * CELL_PAD_Y;
    this.y += 14;
    // The heading never sits alone at the foot of a page: it goes with its first notice (or that notice's first line, if the notice is longer than a page).
    const firstBox = boxHeight(notices[0]);
    this.ensureSpace(linesHeight(heading) + 4 + (firstBox <= BODY_BOTTOM - BODY_TOP ? firstBox : lineHeight(notices[0][0])));
    this.y = this.type.drawLines(heading, CONTENT_LEFT, this.y) + 4;
    for (const noticeLines of notices) {
      const height = boxHeight(noticeLines);
      if (height <= BODY_BOTTOM - BODY_TOP) {
        this.ensureSpace(height);
        this.withheldFill(CONTENT_LEFT, this.y, CONTENT_WIDTH, height);
        this.type.drawLines(noticeLines, CONTENT_LEFT + CELL_PAD_X, this.y + CELL_PAD_Y);
        this.y += height + 3;
      } else {
        this.flow(noticeLines, CONTENT_LEFT + CELL_PAD_X);
      }
    }
  }

  private endLine(): void {
    const count = this.document.rows.length;
    const line = this.type.plain(`End of chronology: ${count} ${count === 1 ? 'entry' : 'entries'}`, STYLES.endLine);
    this.y += 14;
    this.ensureSpace(lineHeight(line) + 6);
    this.rule(CONTENT_LEFT + CONTENT_WIDTH / 3, CONTENT_RIGHT - CONTENT_WIDTH / 3, this.y, 0.6, MUTED);
    this.y = this.type.draw(line, CONTENT_LEFT, this.y + 6, 'center', CONTENT_WIDTH);
  }

  /** Draws lines down the page, continuing on new pages as needed. */
  private flow(lines: readonly Line[], x: number): void {
    for (const line of lines) {
      this.ensureSpace(lineHeight(line));
      this.y = this.type.draw(line, x, this.y);
    }
  }

  private ensureSpace(height: number): void {
    if (this.y + height > BODY_BOTTOM) this.newPage();
  }

  private rule(x1: number, x2: number, y: number, width: number, color: string): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke();
  }

}

interface Field {
  label: string;
  value: Line[];
}

