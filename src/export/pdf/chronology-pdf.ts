import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { create as parseFont, Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { Cell, ChronologyDocument, ChronologyRow, isWithheld } from './chronology-document';

const MM = 72 / 25.4;

// A4 landscape: six columns of prose need width far more than height. In portrait the summary
// column would be about 150 pt (some 30 characters a line) and every row three times as tall.
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
// 15 mm keeps everything, the marking included, inside what any office printer can print.
const MARGIN = 15 * MM;
const CONTENT_LEFT = MARGIN;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CONTENT_RIGHT = CONTENT_LEFT + CONTENT_WIDTH;

const RUNNING_HEAD_HEIGHT = 14;
const BODY_TOP = MARGIN + RUNNING_HEAD_HEIGHT + 10;
const FOOTER_TOP = PAGE_HEIGHT - MARGIN - 36;
const BODY_BOTTOM = FOOTER_TOP - 8;

// DejaVu Sans Condensed: Latin (with Vietnamese), Greek and Cyrillic in one face with bold and
// oblique, so names need no font fallback; condensed widths fit more words in narrow columns.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

let parsedFonts: Record<FontName, Font> | undefined;

/**
 * Parsed once and shared by every document (pdfkit takes parsed fontkit fonts): reading and parsing
 * the fonts is otherwise half the cost of a typical chronology. Each document still embeds its own
 * subset, so sharing cannot change a document's bytes.
 */
function fonts(): Record<FontName, Font> {
  parsedFonts ??= {
    regular: parseFontFile(FONT_FILES.regular),
    bold: parseFontFile(FONT_FILES.bold),
    italic: parseFontFile(FONT_FILES.italic),
  };
  return parsedFonts;
}

/**
 * The font seen without its OpenType layout tables (GSUB, GPOS), so fontkit positions glyphs with
 * the font's kern table and Unicode mark placement instead of full OpenType shaping. For the Latin,
 * Greek and Cyrillic text this font covers the result looks the same (we compared), but shaping
 * costs some 40 µs for every distinct word and made a 2,000-row chronology half again as slow.
 */
function parseFontFile(file: string): Font {
  const font = parseFont(readFileSync(join(FONT_DIR, file)));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return Object.create(font, { GSUB: { value: undefined }, GPOS: { value: undefined } }) as Font;
}

/** DejaVu's ascent plus descent, in em: the height a line of glyphs actually occupies. */
const GLYPH_HEIGHT_EM = (1901 + 483) / 2048;

const INK = '#1b1f24';
const MUTED = '#55606d';
const RULE = '#c3c9d2';
const ACCENT = '#1f3a5f';
const HEADER_FILL = '#e4e9f0';
const SIGNIFICANT = '#b3261e';
const SIGNIFICANT_TINT = '#fdf5f4';
const WITHHELD_FILL = '#f1f1f1';
const WITHHELD_HATCH = '#d6d6d6';
const WITHHELD_INK = '#4a4a4a';
const LEGEND_FILL = '#f7f8fa';
const NOTE_INK = '#333a42';

interface TextStyle {
  font: FontName;
  size: number;
  color: string;
  /** Distance from one line's top to the next. */
  leading: number;
}

const style = (font: FontName, size: number, color: string, leading = size * 1.25): TextStyle => ({ font, size, color, leading });

const STYLES = {
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

interface Line {
  text: string;
  style: TextStyle;
  /** Extra space above the line, e.g. between paragraphs. */
  gapBefore: number;
  /** Measured once while wrapping, so drawing need not measure again. */
  width: number;
  /** Distance from the left of its box, for the hanging indent of a bulleted item. */
  indent?: number;
}

const lineHeight = (line: Line): number => line.gapBefore + line.style.leading;
const linesHeight = (lines: readonly Line[]): number => lines.reduce((sum, line) => sum + lineHeight(line), 0);

interface Column {
  heading: string;
  width: number;
}

// Widths in points (sum = CONTENT_WIDTH, 756.85): the summary gets most room because it carries
// the facts; dates and event types are short; action/outcome and impact run to a few lines.
const COLUMNS: readonly Column[] = [
  { heading: 'Date', width: 76 },
  { heading: 'Event type', width: 86 },
  { heading: 'Source', width: 104 },
  { heading: 'What happened', width: 210.85 },
  { heading: 'Impact on the child', width: 134 },
  { heading: 'Action / outcome', width: 146 },
];
const COLUMN_LEFT = COLUMNS.reduce<number[]>((lefts, _column, i) => [...lefts, i === 0 ? CONTENT_LEFT : lefts[i - 1] + COLUMNS[i - 1].width], []);
const CELL_PAD_X = 4.5;
const CELL_PAD_Y = 4;
/** Room for the significant bar, so the date never touches it. */
const SIGNIFICANT_BAR = 3;
const DATE_INSET = SIGNIFICANT_BAR + 2;
const NOTES_GAP = 2.5;
const CONTINUED_MARK = '(continued)';
const CONTINUES_MARK = 'Continues on next page';

/** A cell of a laid-out row, spanning columns first..last. */
interface CellBox {
  first: number;
  last: number;
  lines: Line[];
  withheld: boolean;
}

interface RowBox {
  cells: CellBox[];
  /** Printed under the cells, from the second column to the right edge. */
  notes: Line[];
  significant: boolean;
  /** Repeated at the top of the date column of each continuation of a split row. */
  continuationHead: Line[];
}

/** The part of a row that goes on one page. */
interface RowSlice {
  cells: Line[][];
  notes: Line[];
  height: number;
  bandHeight: number;
  continues: boolean;
}

const cellX = (first: number): number => COLUMN_LEFT[first] + (first === 0 ? DATE_INSET : 0) + CELL_PAD_X;
const cellWidth = (first: number, last: number): number =>
  COLUMN_LEFT[last] + COLUMNS[last].width - COLUMN_LEFT[first] - 2 * CELL_PAD_X - (first === 0 ? DATE_INSET : 0);
const NOTES_LEFT = COLUMN_LEFT[1] + CELL_PAD_X;
const NOTES_WIDTH = CONTENT_RIGHT - CELL_PAD_X - NOTES_LEFT;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UK_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** "23 Nov 2026, 14:05 GMT". Month names come from our own table so an ICU update ("Sept") cannot change the bytes. */
function formatUkTime(instant: Date): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string => UK_TIME.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return `${Number(part('day'))} ${MONTHS[Number(part('month')) - 1]} ${part('year')}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

function parseProducedAt(producedAt: string): Date {
  const instant = new Date(producedAt);
  if (Number.isNaN(instant.getTime())) throw new Error(`producedAt is not an ISO 8601 instant: ${producedAt}`);
  return instant;
}

const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Measures, wraps and draws text one line at a time. Wrapping ourselves (rather than letting pdfkit
 * flow text) tells us each row's height before drawing and lets a row split between any two lines.
 * Every line is drawn with `lineBreak: false`, so pdfkit never adds a page on its own.
 */
class Typesetter {
  /** Widths at 1 pt, by font then text. */
  private readonly widths = new Map<FontName, Map<string, number>>(Object.keys(FONT_FILES).map((font) => [font as FontName, new Map()]));
  /** The fill colour in force in the current page's content, so it is set only when it changes (a tenth of the drawing time otherwise). */
  private fill: string | null = null;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Call on moving to another page, whose content stream has a colour state of its own. */
  forgetColour(): void {
    this.fill = null;
  }

  fillColour(colour: string): void {
    if (colour === this.fill) return;
    this.doc.fillColor(colour);
    this.fill = colour;
  }

  fillRect(x: number, y: number, width: number, height: number, colour: string): void {
    this.fillColour(colour);
    this.doc.rect(x, y, width, height).fill();
  }

  width(text: string, style: TextStyle): number {
    const widths = this.widths.get(style.font)!;
    let unitWidth = widths.get(text);
    if (unitWidth === undefined) {
      unitWidth = this.doc.font(style.font).fontSize(1).widthOfString(text);
      widths.set(text, unitWidth);
    }
    return unitWidth * style.size;
  }

  /** Paragraphs (blank-line separated) get a half-line gap; single newlines are kept as line breaks. */
  wrap(text: string, style: TextStyle, maxWidth: number): Line[] {
    const lines: Line[] = [];
    const paragraphs = text
      .normalize('NFC')
      .split(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/)
      .map((paragraph) => paragraph.trim())
      .filter(Boolean);
    for (const paragraph of paragraphs) {
      const gapBefore = lines.length > 0 ? style.leading * 0.45 : 0;
      const first = lines.length;
      for (const hardLine of paragraph.split(/\r?\n/)) this.wrapLine(hardLine, style, maxWidth, lines);
      if (lines.length > first) lines[first] = { ...lines[first], gapBefore };
    }
    return lines;
  }

  private wrapLine(text: string, style: TextStyle, maxWidth: number, into: Line[]): void {
    const space = this.width(' ', style);
    let current = '';
    let currentWidth = 0;
    const push = (lineText: string, width: number): void => {
      into.push({ text: lineText, style, gapBefore: 0, width });
    };
    for (const word of text.split(/[ \t]+/).filter(Boolean)) {
      // Measured with its trailing space, as pdfkit splits a line when it draws it: each word is then
      // laid out by fontkit once for both, and that is the dearest step per word.
      const wordWidth = this.width(`${word} `, style) - space;
      if (current && currentWidth + space + wordWidth <= maxWidth) {
        current += ` ${word}`;
        currentWidth += space + wordWidth;
        continue;
      }
      if (current) push(current, currentWidth);
      if (wordWidth <= maxWidth) {
        current = word;
        currentWidth = wordWidth;
        continue;
      }
      // A word wider than the column (a long reference or e-mail address) breaks between characters.
      const pieces = this.breakWord(word, style, maxWidth);
      for (const piece of pieces.slice(0, -1)) push(piece, this.width(piece, style));
      current = pieces[pieces.length - 1];
      currentWidth = this.width(current, style);
    }
    if (current) push(current, currentWidth);
  }

  private breakWord(word: string, style: TextStyle, maxWidth: number): string[] {
    const pieces: string[] = [];
    let piece = '';
    for (const { segment } of GRAPHEMES.segment(word)) {
      if (piece && this.width(piece + segment, style) > maxWidth) {
        pieces.push(piece);
        piece = '';
      }
      piece += segment;
    }
    pieces.push(piece);
    return pieces;
  }

  /** Draws a line whose box starts at `top`; returns the top of the next line. */
  draw(line: Line, x: number, top: number, align: 'left' | 'right' | 'center' = 'left', boxWidth = 0): number {
    const y = top + line.gapBefore;
    const { font, size, color, leading } = line.style;
    const left = align === 'right' ? x + boxWidth - line.width : align === 'center' ? x + (boxWidth - line.width) / 2 : x;
    // textWidth is pdfkit's own hand-over from its line wrapper: it spares measuring the line again.
    const options: PDFKit.Mixins.TextOptions & { textWidth: number } = { lineBreak: false, textWidth: line.width };
    this.fillColour(color);
    this.doc
      .font(font)
      .fontSize(size)
      .text(line.text, left + (line.indent ?? 0), y + (leading - size * GLYPH_HEIGHT_EM) / 2, options);
    return y + leading;
  }

  drawLines(lines: readonly Line[], x: number, top: number): number {
    let y = top;
    for (const line of lines) y = this.draw(line, x, y);
    return y;
  }
}

/** Renders a chronology to PDF bytes, with its page count. The same document always gives the same bytes. */
export async function renderChronologyPdf(document: ChronologyDocument): Promise<{ pdf: Buffer; pages: number }> {
  const producedAt = parseProducedAt(document.producedAt);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: false,
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: `${document.title}: ${document.child.name}`,
      Author: `${document.producedBy.name}, ${document.producedBy.role}, ${document.producedBy.agency}`,
      Subject: `${document.protectiveMarking}. ${document.purpose}`,
      Keywords: `${document.protectiveMarking}; export ${document.exportId}`,
      Creator: 'Chronicle',
      // Fixed dates make the bytes (and pdfkit's /ID, a hash of this info) depend on the document only.
      CreationDate: producedAt,
      ModDate: producedAt,
    },
  });
  // pdfkit's types lag behind its API, which accepts a parsed fontkit font since 0.20.
  for (const [name, font] of Object.entries(fonts())) doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);

  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  new ChronologyLayout(doc, document, formatUkTime(producedAt)).render();
  const pages = doc.bufferedPageRange().count;
  doc.end();
  return { pdf: await bytes, pages };
}

/**
 * A buffered page keeps each drawing operator as a small buffer of its own until the document
 * ends: some 1,300 per page of this table, 50 MB of small objects for a 2,000-entry chronology,
 * which kept a printout over its memory budget. Joined into one as the page is left, the same
 * bytes are written. (pdfkit's PDFReference.buffer; the joining is skipped if that ever changes.)
 */
function compactPageContent(page: PDFKit.PDFPage): void {
  const content = (page as unknown as { content?: { buffer?: unknown } }).content;
  if (content && Array.isArray(content.buffer) && content.buffer.length > 1) content.buffer = [Buffer.concat(content.buffer as Uint8Array[])];
}

class ChronologyLayout {
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
    this.type.draw(this.oneLine(`${title}: ${child.name}`, STYLES.runningHead, CONTENT_WIDTH / 2 - 60), CONTENT_LEFT, top + 1.5);
    this.type.draw(this.plain(protectiveMarking, STYLES.marking), CONTENT_LEFT, top, 'center', CONTENT_WIDTH);
    this.rule(CONTENT_LEFT, CONTENT_RIGHT, top + RUNNING_HEAD_HEIGHT, 0.6, RULE);
  }

  /** Written once the page count is known; every page gets the marking, page x of y, export id and recipient. */
  private footers(): void {
    const { count } = this.doc.bufferedPageRange();
    const { protectiveMarking, producedFor, exportId, producedBy } = this.document;
    const pageNumberWidth = 90;
    const forLine = this.oneLine(`Produced for: ${producedFor}`, STYLES.footer, CONTENT_WIDTH - pageNumberWidth - 10);
    // First, where a long line's ellipsis cannot reach it.
    const remade = this.remade ? `Made again ${this.remade}  ·  ` : '';
    const detail = this.oneLine(
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
      this.type.draw(this.plain(`Page ${i + 1} of ${count}`, STYLES.pageNumber), CONTENT_LEFT, FOOTER_TOP + 4, 'right', CONTENT_WIDTH);
      this.type.draw(detail, CONTENT_LEFT, FOOTER_TOP + 4 + STYLES.footer.leading);
      this.type.draw(this.plain(protectiveMarking, STYLES.marking), CONTENT_LEFT, PAGE_HEIGHT - MARGIN - STYLES.marking.leading, 'center', CONTENT_WIDTH);
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
      this.plain('Date of birth: ', STYLES.childDetail),
      dateOfBirth === null ? this.plain('Withheld', STYLES.childDetailWithheld) : this.plain(dateOfBirth, STYLES.childDetail),
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
        value: d.filters.length === 0 ? value('None') : d.filters.flatMap((filter) => this.bulleted(filter, STYLES.fieldValue, valueWidth)),
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
                ...value('From the export’s record, redacted for that reader: it differs from the original'),
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
      this.type.draw(this.plain(field.label, STYLES.fieldLabel), CONTENT_LEFT, this.y);
      this.flow(field.value, CONTENT_LEFT + labelWidth);
      this.y += fieldGap;
    }
  }

  private drawFields(fields: Field[], x: number, top: number, labelWidth: number, gap: number): number {
    let y = top;
    for (const field of fields) {
      this.type.draw(this.plain(field.label, STYLES.fieldLabel), x, y);
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
    this.type.draw(this.plain('Key', STYLES.legendHeading), x, textTop);
    x += 30;
    this.type.fillRect(x, top + 4, SIGNIFICANT_BAR, height - 8, SIGNIFICANT);
    x += SIGNIFICANT_BAR + 4;
    const significant = this.plain('★ Significant', STYLES.significant);
    this.type.draw({ ...significant, style: { ...significant.style, leading: STYLES.legend.leading } }, x, textTop);
    x += significant.width + 5;
    const significantText = this.plain('a significant event in the child’s life', STYLES.legend);
    this.type.draw(significantText, x, textTop);
    x += significantText.width + 22;
    const { label, explanation } = this.document.withheldKey;
    const swatchLabel = this.plain(label, STYLES.withheld);
    const swatchWidth = swatchLabel.width + 12;
    this.withheldFill(x, top + 4, swatchWidth, height - 8);
    this.type.draw(swatchLabel, x + 6, textTop);
    x += swatchWidth + 5;
    this.type.draw(this.oneLine(explanation, STYLES.legend, CONTENT_RIGHT - 8 - x), x, textTop);
    this.y = top + height + 12;
  }

  private table(): void {
    const { rows } = this.document;
    if (rows.length === 0) {
      this.ensureSpace(STYLES.body.leading);
      this.y = this.type.draw(this.plain('No entries for the period and filters shown.', STYLES.body), CONTENT_LEFT, this.y);
      return;
    }
    for (const row of rows) this.placeRow(this.layoutRow(row));
  }

  private layoutRow(row: ChronologyRow): RowBox {
    const dateLines = this.type.wrap(row.date, STYLES.date, cellWidth(0, 0));
    const date: Line[] = [...dateLines];
    if (row.time) date.push(...this.type.wrap(row.time, STYLES.detail, cellWidth(0, 0)));
    const significant = row.significant === true;
    if (significant) date.push({ ...this.plain('★ Significant', STYLES.significant), gapBefore: 2 });
    if (row.enteredInError) date.push(...this.type.wrap('ENTERED IN ERROR', STYLES.enteredInError, cellWidth(0, 0)).map((line, index) => (index === 0 ? { ...line, gapBefore: 2 } : line)));

    const source = [
      ...this.type.wrap(row.source.agency, STYLES.body, cellWidth(2, 2)),
      ...this.type.wrap([row.source.author, row.source.role].filter(Boolean).join(', '), STYLES.detail, cellWidth(2, 2)),
    ];
    const cells: CellBox[] =
      row.kind === 'withheld'
        ? [
            { first: 0, last: 0, lines: date, withheld: false },
            { first: 1, last: 1, lines: this.type.wrap('Entry withheld', STYLES.withheld, cellWidth(1, 1)), withheld: true },
            { first: 2, last: 2, lines: source, withheld: false },
            // Only the notice is known: it spans the three content columns.
            this.cellBox(3, 5, { withheld: isWithheld(row.summary) ? row.summary.withheld : 'Withheld' }),
          ]
        : [
            { first: 0, last: 0, lines: date, withheld: false },
            this.cellBox(1, 1, row.eventType),
            { first: 2, last: 2, lines: source, withheld: false },
            this.cellBox(3, 3, row.summary),
            this.cellBox(4, 4, row.impact),
            this.cellBox(5, 5, row.actionOutcome),
          ];
    const notes = row.notes.flatMap((note) => this.type.wrap(note, STYLES.note, NOTES_WIDTH));
    return {
      cells,
      notes,
      significant,
      continuationHead: [...dateLines, ...this.type.wrap(CONTINUED_MARK, STYLES.continued, cellWidth(0, 0))],
    };
  }

  private cellBox(first: number, last: number, cell: Cell): CellBox {
    if (isWithheld(cell)) return { first, last, lines: this.type.wrap(cell.withheld, STYLES.withheld, cellWidth(first, last)), withheld: true };
    return { first, last, lines: this.type.wrap(cell.text, STYLES.body, cellWidth(first, last)), withheld: false };
  }

  /**
   * A row goes whole on this page if it fits, else whole on the next; only a row taller than a
   * whole page is split, between lines, with its date and "(continued)" heading each later part.
   */
  private placeRow(row: RowBox): void {
    const whole = this.wholeSlice(row);
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

  private wholeSlice(row: RowBox): RowSlice {
    const bandHeight = Math.max(...row.cells.map((cell) => linesHeight(cell.lines)));
    const notesHeight = row.notes.length > 0 ? NOTES_GAP + linesHeight(row.notes) : 0;
    return { cells: row.cells.map((cell) => cell.lines), notes: row.notes, bandHeight, height: bandHeight + notesHeight + 2 * CELL_PAD_Y, continues: false };
  }

  /** Fills the rest of the page with as many lines of each cell (then of the notes) as fit; advances `next`. */
  private takeSlice(row: RowBox, next: number[], nextNote: number, continued: boolean): RowSlice {
    const available = this.spaceForRows() - 2 * CELL_PAD_Y;
    let progressed = false;
    const cells = row.cells.map((cell, i) => {
      const head = continued && i === 0 ? row.continuationHead : [];
      // The date column keeps room for the "continues" mark at the foot of the slice.
      const room = available - linesHeight(head) - (i === 0 ? linesHeight(this.continuesMark) : 0);
      const taken = this.fitting(cell.lines, next[i], room);
      next[i] += taken.length;
      progressed ||= taken.length > 0;
      return [...head, ...taken];
    });
    const cellsDone = row.cells.every((cell, i) => next[i] >= cell.lines.length);
    const bandHeight = Math.max(...cells.map(linesHeight));
    const notes = cellsDone ? this.fitting(row.notes, nextNote, available - bandHeight - NOTES_GAP) : [];
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

  /** The lines from `from` on that fit in `room`; a column carried over from the page before starts flush, without its paragraph gap. */
  private fitting(lines: readonly Line[], from: number, room: number): Line[] {
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
    const line = this.plain(`End of chronology: ${count} ${count === 1 ? 'entry' : 'entries'}`, STYLES.endLine);
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

  /** A bullet with the wrapped text hanging beside it. */
  private bulleted(text: string, style: TextStyle, width: number): Line[] {
    const indent = this.type.width('•  ', style);
    const lines = this.type.wrap(text, style, width - indent).map((line) => ({ ...line, indent }));
    if (lines.length === 0) return [];
    return [{ ...lines[0], text: `•  ${lines[0].text}`, indent: 0, width: lines[0].width + indent }, ...lines.slice(1)];
  }

  private plain(text: string, style: TextStyle): Line {
    const normalised = text.normalize('NFC');
    return { text: normalised, style, gapBefore: 0, width: this.type.width(normalised, style) };
  }

  /** The first line of `text` within `width`, with an ellipsis if more did not fit (for running heads and footers). */
  private oneLine(text: string, style: TextStyle, width: number): Line {
    const lines = this.type.wrap(text.replace(/\s+/g, ' '), style, width);
    if (lines.length <= 1) return lines[0] ?? this.plain('', style);
    const words = lines[0].text.split(' ');
    while (words.length > 1 && this.type.width(`${words.join(' ')} …`, style) > width) words.pop();
    return this.plain(`${words.join(' ')} …`, style);
  }
}

interface Field {
  label: string;
  value: Line[];
}
