import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { create as parseFont, Font } from 'fontkit';
import { GRAPHEMES, PrintableText } from './printable-text';

/**
 * The typesetter: the font, and measuring, wrapping and drawing text one line at a time. It knows
 * nothing of chronologies; the theme (theme.ts) says what text looks like, the layout
 * (chronology-layout.ts) where it goes.
 */

// DejaVu Sans Condensed: Latin (with Vietnamese), Greek and Cyrillic in one face with bold and
// oblique, so names need no font fallback; condensed widths fit more words in narrow columns.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_FILES = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
  italic: 'DejaVuSansCondensed-Oblique.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;

let parsedFonts: Record<FontName, Font> | undefined;

/**
 * Parsed once and shared by every document (pdfkit takes parsed fontkit fonts): reading and parsing
 * the fonts is otherwise half the cost of a typical chronology. Each document still embeds its own
 * subset, so sharing cannot change a document's bytes.
 */
export function fonts(): Record<FontName, Font> {
  parsedFonts ??= {
    regular: parseFontFile(FONT_FILES.regular),
    bold: parseFontFile(FONT_FILES.bold),
    italic: parseFontFile(FONT_FILES.italic),
  };
  return parsedFonts;
}

let printableText: PrintableText | undefined;

/** The text in NFC, with what the fonts cannot print put in words (printable-text.ts): every text a document draws passes through here. */
function printable(text: string): string {
  printableText ??= new PrintableText(Object.values(fonts()));
  return printableText.of(text);
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
export const GLYPH_HEIGHT_EM = (1901 + 483) / 2048;

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
  /** Distance from one line's top to the next. */
  leading: number;
}

export const style = (font: FontName, size: number, color: string, leading = size * 1.25): TextStyle => ({ font, size, color, leading });

export interface Line {
  text: string;
  style: TextStyle;
  /** Extra space above the line, e.g. between paragraphs. */
  gapBefore: number;
  /** Measured once while wrapping, so drawing need not measure again. */
  width: number;
  /** Distance from the left of its box, for the hanging indent of a bulleted item. */
  indent?: number;
}

export const lineHeight = (line: Line): number => line.gapBefore + line.style.leading;
export const linesHeight = (lines: readonly Line[]): number => lines.reduce((sum, line) => sum + lineHeight(line), 0);

/**
 * Measures, wraps and draws text one line at a time. Wrapping ourselves (rather than letting pdfkit
 * flow text) tells us each row's height before drawing and lets a row split between any two lines.
 * Every line is drawn with `lineBreak: false`, so pdfkit never adds a page on its own.
 */
export class Typesetter {
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
    const paragraphs = printable(text)
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

  /** A bullet with the wrapped text hanging beside it. */
  bulleted(text: string, style: TextStyle, width: number): Line[] {
    const indent = this.width('•  ', style);
    const lines = this.wrap(text, style, width - indent).map((line) => ({ ...line, indent }));
    if (lines.length === 0) return [];
    return [{ ...lines[0], text: `•  ${lines[0].text}`, indent: 0, width: lines[0].width + indent }, ...lines.slice(1)];
  }

  plain(text: string, style: TextStyle): Line {
    const printed = printable(text);
    return { text: printed, style, gapBefore: 0, width: this.width(printed, style) };
  }

  /** The first line of `text` within `width`, with an ellipsis if more did not fit (for running heads and footers). */
  oneLine(text: string, style: TextStyle, width: number): Line {
    const lines = this.wrap(text.replace(/\s+/g, ' '), style, width);
    if (lines.length <= 1) return lines[0] ?? this.plain('', style);
    const words = lines[0].text.split(' ');
    while (words.length > 1 && this.width(`${words.join(' ')} …`, style) > width) words.pop();
    return this.plain(`${words.join(' ')} …`, style);
  }
}
