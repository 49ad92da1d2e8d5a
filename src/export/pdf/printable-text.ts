import type { Font } from 'fontkit';

/**
 * Text as the PDFs can print it. The font (DejaVu, typesetter.ts) has no glyph for most emoji or for
 * Chinese, Japanese, Korean or the Indian scripts, and the typesetter neither joins Arabic letters nor
 * lays lines out right to left; printed as it is, such text would come out as empty boxes, or back
 * to front, in a document a hearing relies on. So each run of it is put in words instead, saying
 * what is there: "[emoji: thumbs up: medium skin tone]", "[Arabic-script text this print cannot
 * show]". The web pages show the text itself.
 */

/** Latin, Greek, Cyrillic, general punctuation and currency: every character here prints as it is, so most text needs no closer look. */
const SURELY_PRINTABLE = /^[\u0000-\u052F\u1E00-\u1FFF\u2000-\u20CF]*$/;

/** Scripts written right to left: the typesetter would print their lines back to front. */
const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/** Scripts a reader would name otherwise than Unicode does; any other script goes by its Unicode name ("Devanagari", "Thai"). */
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

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
/** What may stand between two unprintable words and still belong to one run of them. */
const BETWEEN_WORDS = /^[\s\p{P}]+$/u;
/** Characters that change how their neighbours look and draw nothing themselves. */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFE00-\uFE0F]/gu;
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

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

export class PrintableText {
  /** Whether every font of the document draws a code point, by code point. */
  private readonly drawable = new Map<number, boolean>();

  constructor(private readonly fonts: readonly Font[]) {}

  /** The text in NFC, each run the PDF cannot print put in words. */
  of(text: string): string {
    const normalised = text.normalize('NFC');
    if (SURELY_PRINTABLE.test(normalised)) return normalised;
    let printed = '';
    /** A run of unprintable characters that are not emoji, described once when it ends. */
    let unprintable: string[] = [];
    const endRun = (): void => {
      if (unprintable.length === 0) return;
      // Spaces and punctuation taken into the run in case another unprintable word followed are printed after its description.
      const end = unprintable.findLastIndex((segment) => !BETWEEN_WORDS.test(segment)) + 1;
      const scripts = new Set(unprintable.slice(0, end).map(scriptName).filter((name) => name !== undefined));
      const description = scripts.size === 1 ? `[${[...scripts][0]} text this print cannot show]` : '[text this print cannot show]';
      printed += description + unprintable.slice(end).join('');
      unprintable = [];
    };
    for (const { segment } of GRAPHEMES.segment(normalised)) {
      if (this.prints(segment)) {
        // Spaces and punctuation between two unprintable words belong to the run, so a phrase is described once.
        if (unprintable.length > 0 && BETWEEN_WORDS.test(segment)) unprintable.push(segment);
        else {
          endRun();
          printed += segment;
        }
        continue;
      }
      const label = PICTOGRAPHIC.test(segment) ? emojiLabel(segment) : undefined;
      if (label !== undefined) {
        endRun();
        printed += `[emoji: ${label}]`;
      } else {
        unprintable.push(segment);
      }
    }
    endRun();
    return printed;
  }

  private prints(grapheme: string): boolean {
    if (RIGHT_TO_LEFT.test(grapheme)) return false;
    for (const character of grapheme.replace(INVISIBLE, '')) {
      const codePoint = character.codePointAt(0)!;
      let drawable = this.drawable.get(codePoint);
      if (drawable === undefined) {
        drawable = this.fonts.every((font) => font.hasGlyphForCodePoint(codePoint));
        this.drawable.set(codePoint, drawable);
      }
      if (!drawable) return false;
    }
    return true;
  }
}
