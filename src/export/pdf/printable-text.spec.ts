import { PrintableText } from './printable-text';
import { fonts } from './typesetter';

describe(PrintableText.name, () => {
  const printable = new PrintableText(Object.values(fonts()));

  it('leaves text its fonts print as it is, in NFC', () => {
    const text = 'Zoë Ní Bhriain, Łukasz, Nguyễn Thị Lan, Олена, Σοφία: “fine” — 50% of £12 → ½ ✓ ☺';
    expect(printable.of(text)).toBe(text);
    expect(printable.of('Zoe\u0308')).toBe('Zoë');
  });

  it('leaves an emoji the font draws (a crying face, a red heart with its variation selector)', () => {
    expect(printable.of('I feel 😢 and ❤️ mum')).toBe('I feel 😢 and ❤️ mum');
  });

  it('names an emoji the font lacks, skin tone, sequence or flag, by its CLDR name', () => {
    expect(printable.of('I 👍🏽 school')).toBe('I [emoji: thumbs up: medium skin tone] school');
    expect(printable.of('👍')).toBe('[emoji: thumbs up]');
    expect(printable.of('my 👨‍👩‍👧!')).toBe('my [emoji: family: man, woman, girl]!');
    expect(printable.of('🇬🇧🏴󠁧󠁢󠁳󠁣󠁴󠁿')).toBe('[emoji: flag: United Kingdom][emoji: flag: Scotland]');
  });

  it('describes a run of a script its fonts lack once, keeping the spaces and punctuation after it', () => {
    expect(printable.of('Gran wrote 中文, 日本語 today.')).toBe('Gran wrote [Chinese or Japanese text this print cannot show] today.');
    expect(printable.of('नमस्ते')).toBe('[Devanagari (Hindi, Nepali) text this print cannot show]');
    expect(printable.of('안녕 and 中文')).toBe('[Korean text this print cannot show] and [Chinese or Japanese text this print cannot show]');
    expect(printable.of('中文 한국어')).toBe('[text this print cannot show]');
  });

  it('describes right-to-left text even where the font has its letters, since it would print back to front', () => {
    expect(printable.of('Mum said «שלום עולם».')).toBe('Mum said «[Hebrew text this print cannot show]».');
    expect(printable.of('مرحبا بالعالم!')).toBe('[Arabic-script text this print cannot show]!');
  });

  it('gives the same text when given its own result', () => {
    const once = printable.of('I 👍🏽 中文 and שלום. Zoë');
    expect(printable.of(once)).toBe(once);
  });
});
