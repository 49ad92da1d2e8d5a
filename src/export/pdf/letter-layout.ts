import type { LetterBlock, LetterDocument } from './letter-document';
import { ACCENT, INK, MM, MUTED, RULE } from './theme';
import { Line, linesHeight, style, Typesetter } from './typesetter';

// A4 portrait: a letter is read line by line, top to bottom, not scanned across columns.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
export const LETTER_MARGIN = 20 * MM;
const LEFT = LETTER_MARGIN;
const WIDTH = PAGE_WIDTH - 2 * LETTER_MARGIN;
const TOP = LETTER_MARGIN + 16;
const FOOTER_TOP = PAGE_HEIGHT - LETTER_MARGIN - 30;
const BOTTOM = FOOTER_TOP - 10;
const LABEL_WIDTH = 110;

// Larger than the chronology's table text: this is for a young person or a family to read.
const STYLES = {
  title: style('bold', 18, ACCENT, 24),
  heading: style('bold', 13, ACCENT, 18),
  paragraph: style('regular', 10.5, INK, 14.5),
  emphasis: style('bold', 10.5, INK, 14.5),
  recordHeading: style('bold', 10.5, INK, 14.5),
  label: style('bold', 9.5, MUTED, 13),
  value: style('regular', 9.5, INK, 13),
  note: style('italic', 9.5, INK, 13),
  marking: style('bold', 9.5, INK),
  footer: style('regular', 8, MUTED, 10.5),
  pageNumber: style('bold', 8, INK, 10.5),
};

/** Sets a letter document on pages: each block in turn, a new page when the next piece does not fit. */
export class LetterLayout {
  private readonly type: Typesetter;
  private y = TOP;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly document: LetterDocument,
  ) {
    this.type = new Typesetter(doc);
  }

  render(): void {
    this.newPage();
    this.flow(this.type.wrap(this.document.title, STYLES.title, WIDTH), 0);
    this.y += 6;
    for (const block of this.document.blocks) this.block(block);
    this.footers();
  }

  private block(block: LetterBlock): void {
    switch (block.kind) {
      case 'heading': {
        const lines = this.type.wrap(block.text, STYLES.heading, WIDTH);
        // A heading never ends a page: it goes with at least two lines of what follows.
        this.ensureSpace(linesHeight(lines) + 14 + 2 * STYLES.paragraph.leading);
        this.y += 14;
        this.flow(lines, 0);
        this.y += 3;
        return;
      }
      case 'paragraph':
        this.flow(this.type.wrap(block.text, block.emphasis ? STYLES.emphasis : STYLES.paragraph, WIDTH), 0);
        this.y += 6;
        return;
      case 'bullets':
        for (const item of block.items) this.flow(this.type.bulleted(item, STYLES.paragraph, WIDTH), 0);
        this.y += 6;
        return;
      case 'record':
        this.record(block);
        return;
    }
  }

  /** A record: its heading, then label and text side by side; kept on one page where it fits on a page at all. */
  private record(block: Extract<LetterBlock, { kind: 'record' }>): void {
    const heading = this.type.wrap(block.heading, STYLES.recordHeading, WIDTH);
    const rows = block.lines.map(({ label, text }) => ({
      label: this.type.wrap(label, STYLES.label, LABEL_WIDTH - 8),
      text: this.type.wrap(text, STYLES.value, WIDTH - LABEL_WIDTH),
    }));
    const note = block.note ? this.type.wrap(block.note, STYLES.note, WIDTH) : [];
    const height = 8 + linesHeight(heading) + rows.reduce((sum, row) => sum + Math.max(linesHeight(row.label), linesHeight(row.text)) + 2, 0) + linesHeight(note);
    if (height <= BOTTOM - TOP) this.ensureSpace(height);
    this.ensureSpace(8 + linesHeight(heading) + STYLES.value.leading);
    this.rule(this.y + 3);
    this.y += 8;
    this.flow(heading, 0);
    for (const row of rows) {
      if (this.y + Math.max(linesHeight(row.label), STYLES.value.leading) > BOTTOM) this.newPage();
      const top = this.y;
      this.type.drawLines(row.label, LEFT, top);
      this.flow(row.text, LABEL_WIDTH);
      this.y = Math.max(this.y, top + linesHeight(row.label)) + 2;
    }
    this.flow(note, 0);
  }

  /** Lines one after another, moving to a new page between any two. */
  private flow(lines: readonly Line[], indent: number): void {
    for (const line of lines) {
      if (this.y + line.gapBefore + line.style.leading > BOTTOM) this.newPage();
      this.y = this.type.draw(line, LEFT + indent, this.y);
    }
  }

  private ensureSpace(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage();
    this.type.forgetColour();
    this.y = TOP;
  }

  private rule(y: number): void {
    this.doc.moveTo(LEFT, y).lineTo(LEFT + WIDTH, y).lineWidth(0.5).strokeColor(RULE).stroke();
  }

  private footers(): void {
    const { count } = this.doc.bufferedPageRange();
    const { protectiveMarking, documentId, footer } = this.document;
    const first = this.type.oneLine(footer, STYLES.footer, WIDTH - 80);
    const second = this.type.oneLine(`Reference ${documentId}`, STYLES.footer, WIDTH - 80);
    for (let i = 0; i < count; i++) {
      this.doc.switchToPage(i);
      this.type.forgetColour();
      // Nothing written here may move pdfkit's cursor past the bottom margin onto a new page.
      this.doc.page.margins.bottom = 0;
      this.type.draw(this.type.plain(protectiveMarking, STYLES.marking), LEFT, LETTER_MARGIN - 4, 'center', WIDTH);
      this.rule(FOOTER_TOP);
      this.type.draw(first, LEFT, FOOTER_TOP + 4);
      this.type.draw(this.type.plain(`Page ${i + 1} of ${count}`, STYLES.pageNumber), LEFT, FOOTER_TOP + 4, 'right', WIDTH);
      this.type.draw(second, LEFT, FOOTER_TOP + 4 + STYLES.footer.leading);
      this.type.draw(this.type.plain(protectiveMarking, STYLES.marking), LEFT, PAGE_HEIGHT - LETTER_MARGIN, 'center', WIDTH);
    }
  }
}
