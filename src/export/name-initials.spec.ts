import { asInitials, everyText } from './name-initials';

describe('asInitials', () => {
  const initials = asInitials(['Zara', 'Canaryfield-Smith', 'Zee']);

  it.each([
    ['Zara was seen', 'Z. was seen'],
    ['zara, ZARA and zArA', 'Z., Z. and Z.'],
    ['ZaraCanaryfield', 'Z.C.'],
    ['zara.canaryfield@example.org', 'Z..C.@example.org'],
    ["Zara's coat, Zara’s bag, the Zaras' flat, Zaras", "Z.'s coat, Z.’s bag, the Z.s' flat, Z.s"],
    ['Zara Canaryfield-Smith', 'Z. C.-S.'],
    ['Mr Canaryfield and Ms Smith', 'Mr C. and Ms S.'],
    ['Canary-\nfield and Za\nra and Z\u200Bara and Canary\u00ADfield', 'C. and Z. and Z. and C.'],
    ['Zara2019 and ZEE', 'Z.2019 and Z.'],
    ['Zoe, Zarathustra, Smithson and Zeebrugge are other words', 'Zoe, Zarathustra, Smithson and Zeebrugge are other words'],
  ])('%j → %j', (text, expected) => {
    expect(initials(text)).toBe(expected);
  });

  it('finds a name with or without its accents, and keeps the initial’s', () => {
    const accented = asInitials(['Zoë', 'Élodie']);
    expect(accented('Zoe and Zoë and ZOË and Elodie and élodie')).toBe('Z. and Z. and Z. and E. and É.');
    expect(accented('Élodie’s naïve café')).toBe('É.’s naïve café');
  });

  it('changes nothing without names, or with initials only', () => {
    expect(asInitials([])('Zara')).toBe('Zara');
    expect(asInitials(['Z'])('Z was here')).toBe('Z was here');
  });
});

describe('everyText', () => {
  it('redacts every string of a value, however deep, but the keys named', () => {
    const redacted = everyText({ a: 'Zara', b: ['Zara', { c: 'Zara', exportId: 'Zara' }], n: 1, yes: true, none: null }, asInitials(['Zara']), new Set(['exportId']));
    expect(redacted).toEqual({ a: 'Z.', b: ['Z.', { c: 'Z.', exportId: 'Zara' }], n: 1, yes: true, none: null });
  });
});
