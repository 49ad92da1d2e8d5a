import type { Font } from 'fontkit';

/**
 * Text as the PDFs can print it. The font (DejaVu, typesetter.ts) has no glyph for most emoji or for
 * Chinese, Japanese, Korean or the Indian scripts, and the typesetter neither joins Arabic letters nor
 * lays lines out right to left; printed as it is, such text would come out as empty boxes, or back
 * to front, in a document a hearing relies on. So each run of it is put in words instead, saying
 * what is there: "[emoji: thumbs up: medium skin tone]", "[Arabic-script text this print cannot
 * show]". The web pages show the text itself.
 */

/** Scripts written right to left: the typesetter would print their lines back to front. */
const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** Scripts a reader would name otherwise than Unicode does; a script not listed is not named. */
const SCRIPT_NAMES: [RegExp, string][] = [
  [/\p{Script=Han}/u, 'Chinese or Japanese'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'Japanese'],
  [/\p{Script=Hangul}/u, 'Korean'],
  [/\p{Script=Arabic}/u, 'Arabic-script'],
  [/\p{Script=Hebrew}/u, 'Hebrew'],
  [/\p{Script=Devanagari}/u, 'Devanagari (Hindi, Nepali)'],
  [/\p{Script=Bengali}/u, 'Bengali'],
  [/\p{Script=Gurmukhi}/u, 'Gurmukhi (Punjabi)'],
  [/\p{Script=Gujarati}/u, 'Gujarati'],
  [/\p{Script=Tamil}/u, 'Tamil'],
  [/\p{Script=Thai}/u, 'Thai'],
  [/\p{Script=Ethiopic}/u, 'Ethiopic (Amharic, Tigrinya)'],
];
/** Japanese is written in kanji (Han) and kana together: one run of it, not two. */
const JAPANESE = new Set(['Japanese', 'Chinese or Japanese']);

/** Emoji, flags and keycaps (a digit, # or * with U+20E3), which are named rather than described. */
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
/** Every way of breaking a line, made the one the typesetter acts on. */
const LINE_BREAKS = /\r\n?|[\u000B\u0085\u2028\u2029]/g;
/** What may stand between two unprintable words and still belong to one run of them (a line break ends a run). */
const BETWEEN_WORDS = /^[ \t\p{Zs}\p{P}]+$/u;
/** Characters that change how their neighbours look or run (joiners, selectors, direction marks) and draw nothing themselves. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFE00-\uFE0F]/gu;
/** East Asian punctuation a Latin line can use too, as its nearest Latin mark. */
const LATIN_PUNCTUATION: Record<string, string> = { '。': '.', '、': ',', '「': '“', '」': '”', '『': '‘', '』': '’', '・': '·' };
/**
 * Marks stacked on one letter beyond this many are drawn over the lines above and below (text made
 * unreadable on purpose, "Zalgo", does it); no language needs more on one letter in NFC.
 */
const MOST_MARKS_ON_A_LETTER = 2;
const MARK = /\p{M}/gu;
export const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

let emojiLabels: Map<string, string> | undefined;

/** The emoji's CLDR name ("thumbs up: medium skin tone"), found with or without its variation selectors. */
function emojiLabel(grapheme: string): string | undefined {
  if (!emojiLabels) {
    emojiLabels = new Map();
    // Read only when a document has an emoji its font lacks: the names are half a megabyte of JSON.
    const emojis = require('emojibase-data/en/compact.json') as (typeof import('emojibase-data/en/compact.json'))['default'];
    for (const emoji of emojis) {
      for (const variant of [emoji, ...(emoji.skins ?? [])]) emojiLabels.set(variant.unicode.replace(INVISIBLE, ''), variant.label);
    }
  }
  return emojiLabels.get(grapheme.replace(INVISIBLE, ''));
}

function scriptName(grapheme: string): string | undefined {
  for (const [pattern, name] of SCRIPT_NAMES) if (pattern.test(grapheme)) return name;
  return undefined;
}

/** A grapheme of a run of unprintable text, or the spacing and punctuation after it, which prints. */
interface RunPart {
  text: string;
  prints: boolean;
  script: string | undefined;
}

export class PrintableText {
  /**
   * For each UTF-16 code unit outside the surrogates, whether it prints as it is wherever it stands
   * (1) or needs a closer look (2), 0 until first seen: most text is Latin and is passed by this
   * table alone, a read per character.
   */
  private readonly plainUnits = new Uint8Array(0x10000);
  /** Whether every font of the document draws a code point, by code point. */
  private readonly drawable = new Map<number, boolean>();

  constructor(private readonly fonts: readonly Font[]) {}

  /** The text in NFC, each run the PDF cannot print put in words. */
  of(text: string): string {
    const normalised = text.normalize('NFC').replace(LINE_BREAKS, '\n');
    if (this.printsAsItIs(normalised)) return normalised;
    let printed = '';
    let run: RunPart[] = [];
    const endRun = (): void => {
      if (run.length === 0) return;
      const described = run.findLastIndex((part) => !part.prints) + 1;
      printed += describe(run.slice(0, described)) + run.slice(described).map((part) => part.text).join('');
      run = [];
    };
    for (const { segment } of GRAPHEMES.segment(normalised)) {
      const shown = this.shown(segment);
      // An invisible character the fonts lack is left out, and a run goes on across it.
      if (shown === '') continue;
      if (shown !== undefined) {
        // Spacing and punctuation between two unprintable words stay in the run, so a phrase is described once.
        if (run.length > 0 && BETWEEN_WORDS.test(shown)) run.push({ text: shown, prints: true, script: undefined });
        else {
          endRun();
          printed += shown;
        }
        continue;
      }
      const label = PICTOGRAPHIC.test(segment) ? emojiLabel(segment) : undefined;
      if (label !== undefined) {
        endRun();
        printed += `[emoji: ${label}]`;
        continue;
      }
      const script = scriptName(segment);
      if (script !== undefined && run.some((part) => part.script !== undefined && !sameWriting(part.script, script))) endRun();
      run.push({ text: segment, prints: false, script });
    }
    endRun();
    return printed;
  }

  /** Whether every character prints as it is, wherever it stands: drawn by every font, left to right, not a mark that could stack. */
  private printsAsItIs(text: string): boolean {
    for (let index = 0; index < text.length; index += 1) {
      const unit = text.charCodeAt(index);
      if (unit >= 0xd800 && unit <= 0xdfff) return false;
      let state = this.plainUnits[unit];
      if (state === 0) {
        const character = String.fromCharCode(unit);
        const plain = character === '\n' || (this.draws(unit) && !RIGHT_TO_LEFT.test(character) && !/\p{M}/u.test(character));
        state = plain ? 1 : 2;
        this.plainUnits[unit] = state;
      }
      if (state !== 1) return false;
    }
    return true;
  }

  /**
   * The grapheme as printed, if it can be: as it is (less the invisible characters the fonts have no
   * glyph for, which would print as boxes), or its compatibility form ("，" as ",", "Ａ" as "A"), or
   * the nearest Latin punctuation ("。" as ".").
   */
  private shown(grapheme: string): string | undefined {
    if (grapheme === '\n') return grapheme;
    if (this.prints(grapheme)) return grapheme.replace(INVISIBLE, (character) => (this.draws(character.codePointAt(0)!) ? character : ''));
    const compatible = LATIN_PUNCTUATION[grapheme] ?? grapheme.normalize('NFKC');
    if (compatible !== grapheme && [...GRAPHEMES.segment(compatible)].every(({ segment }) => this.prints(segment))) return compatible;
    // Spacing the fonts have no glyph for (an ideographic space, a thin space) is still spacing.
    if (/^\s+$/u.test(grapheme)) return ' ';
    return undefined;
  }

  private prints(grapheme: string): boolean {
    const visible = grapheme.replace(INVISIBLE, '');
    if (RIGHT_TO_LEFT.test(visible)) return false;
    if ((visible.match(MARK)?.length ?? 0) > MOST_MARKS_ON_A_LETTER) return false;
    for (const character of visible) {
      if (!this.draws(character.codePointAt(0)!)) return false;
    }
    return true;
  }

  private draws(codePoint: number): boolean {
    let drawable = this.drawable.get(codePoint);
    if (drawable === undefined) {
      drawable = this.fonts.every((font) => font.hasGlyphForCodePoint(codePoint));
      this.drawable.set(codePoint, drawable);
    }
    return drawable;
  }
}

function sameWriting(one: string, other: string): boolean {
  return one === other || (JAPANESE.has(one) && JAPANESE.has(other));
}

/** A run of unprintable graphemes in words, naming its script where it has one. */
function describe(run: RunPart[]): string {
  const scripts = new Set(run.map((part) => part.script).filter((script) => script !== undefined));
  const script = scripts.size === 1 ? [...scripts][0] : scripts.size === 2 && [...scripts].every((name) => JAPANESE.has(name)) ? 'Japanese' : undefined;
  return script === undefined ? '[text this print cannot show]' : `[${script} text this print cannot show]`;
}
