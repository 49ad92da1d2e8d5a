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
    expect(printable.of('中文 한국어')).toBe('[Chinese or Japanese text this print cannot show] [Korean text this print cannot show]');
  });

  it('describes right-to-left text even where the font has its letters, since it would print back to front', () => {
    expect(printable.of('Mum said «שלום עולם».')).toBe('Mum said «[Hebrew text this print cannot show]».');
    expect(printable.of('مرحبا بالعالم!')).toBe('[Arabic-script text this print cannot show]!');
  });

  it('describes punctuation the fonts lack with its run, never printing it after the description', () => {
    expect(printable.of('Ends in danda: नमस्ते।')).toBe('Ends in danda: [Devanagari (Hindi, Nepali) text this print cannot show]');
    expect(printable.of('Japanese quote: 「こんにちは」 and')).toBe('Japanese quote: “[Japanese text this print cannot show]” and');
  });

  it('ends a run where the script changes, and names Japanese written in kanji and kana as one', () => {
    expect(printable.of('Gran wrote 中文, مرحبا and שלום.')).toBe(
      'Gran wrote [Chinese or Japanese text this print cannot show], [Arabic-script text this print cannot show] and [Hebrew text this print cannot show].',
    );
    expect(printable.of('日本語のひらがな')).toBe('[Japanese text this print cannot show]');
  });

  it('keeps line breaks, and never describes one as text it cannot show', () => {
    expect(printable.of('I said 😢\nthen I said ❤️\r\n\nNew paragraph 中文\n')).toBe('I said 😢\nthen I said ❤️\n\nNew paragraph [Chinese or Japanese text this print cannot show]\n');
    expect(printable.of('Action: 中文.\nOutcome: fine')).toBe('Action: [Chinese or Japanese text this print cannot show].\nOutcome: fine');
    expect(printable.of('one\u2028two\u2029three')).toBe('one\ntwo\nthree');
  });

  it('checks every character, Latin, Greek and Cyrillic included, against the fonts', () => {
    // DejaVu lacks the last Cyrillic letters of Unicode's block (U+0526-052F) and the newest currency signs.
    expect(printable.of('Привет! Ԩ Ԫ ₿ ₾ 5')).toBe('Привет! [text this print cannot show] 5');
    // A compatibility form the fonts draw stands in for one they do not.
    expect(printable.of('a，b Ａ x\u3000y')).toBe('a,b A x y');
  });

  it('describes a letter with more marks stacked on it than any language uses, which would print over the lines around it', () => {
    expect(printable.of('Sheriff Z\u0363\u0364\u0365 court')).toBe('Sheriff [text this print cannot show] court');
    const zalgo = `I${String.fromCharCode(...Array.from({ length: 22 }, (_, i) => 0x300 + i))}s end`;
    expect(printable.of(zalgo)).toBe('[text this print cannot show]s end');
    expect(printable.of('Nguyễn ệ q\u0323\u0303')).toBe('Nguyễn ệ q\u0323\u0303');
  });

  it('makes every line break the one the typesetter acts on', () => {
    expect(printable.of('a\rb\r\nc\u2028d\u2029e\u000Bf\u0085g')).toBe('a\nb\nc\nd\ne\nf\ng');
  });

  it('leaves out direction marks and isolates the fonts have no glyph for, rather than print boxes or describe them', () => {
    expect(printable.of('Zoë \u2066Ali\u2069 said \u061C')).toBe('Zoë Ali said ');
    expect(printable.of('中\u2066文')).toBe('[Chinese or Japanese text this print cannot show]');
  });

  it('prints East Asian punctuation beside Latin text as the nearest Latin mark', () => {
    expect(printable.of('Hello。 She said 「yes」、then left')).toBe('Hello. She said “yes”,then left');
  });

  it('names keycaps', () => {
    expect(printable.of('1️⃣ #️⃣ 🔟')).toBe('[emoji: keycap: 1] [emoji: keycap: #] [emoji: keycap: 10]');
  });

  it('gives the same text when given its own result', () => {
    const once = printable.of('I 👍🏽 中文 and שלום. Zoë');
    expect(printable.of(once)).toBe(once);
  });
});
