import { TimelineMark, timelineLegend, timelineSvg } from './timeline';

const mark = (overrides: Partial<TimelineMark>): TimelineMark => ({ lane: 'NHS Lanarkshire', date: '2025-03-04', nature: 'neutral', significant: false, withheld: false, ...overrides });

describe('timelineSvg', () => {
  it('draws nothing without a dated mark', () => {
    expect(timelineSvg([])).toBeNull();
  });

  it('is one accessible image summarising what it shows', () => {
    const svg = timelineSvg([
      mark({ nature: 'positive' }),
      mark({ lane: 'Police Scotland', date: '2024-11-30', nature: 'negative', significant: true }),
      mark({ lane: 'Police Scotland', date: '2025-06-01', nature: null, withheld: true }),
    ])!;
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="timeline-title timeline-desc"/);
    expect(svg).toContain('<title id="timeline-title">Timeline of the entries by agency</title>');
    expect(svg).toContain(
      '<desc id="timeline-desc">3 entries from 2 agencies (NHS Lanarkshire, Police Scotland) between 2024 and 2025: 1 significant, 1 positive, 1 negative, 1 withheld. The table below lists every entry.</desc>',
    );
  });

  it('gives each agency a lane, in name order, and years along the axis', () => {
    const svg = timelineSvg([mark({ lane: 'Police Scotland', date: '2021-05-01' }), mark({ date: '2024-02-01' })])!;
    const labels = [...svg.matchAll(/<text [^>]*>([^<]+)<\/text>/g)].map((match) => match[1]);
    expect(labels).toEqual(['NHS Lanarkshire', 'Police Scotland', '2021', '2022', '2023', '2024', '2025']);
  });

  it('tells positive, negative and neutral apart by shape, withheld by being hollow, significant by size and a tick', () => {
    const kind = (overrides: Partial<TimelineMark>) => {
      const svg = timelineSvg([mark(overrides)])!;
      const [, name, drawing] = /<g id="timeline-([\w-]+)">(.*?)<\/g>/.exec(svg)!;
      expect(svg).toContain(`<use href="#timeline-${name}"`);
      return { name, drawing };
    };
    const apex = (drawing: string) => {
      const [, apexY, baseY] = /<polygon points="[-\d.]+,([-\d.]+) [-\d.]+,([-\d.]+)/.exec(drawing)!;
      return Number(apexY) - Number(baseY);
    };
    // The apex above the base points up; below, down.
    expect(apex(kind({ nature: 'positive' }).drawing)).toBeLessThan(0);
    expect(apex(kind({ nature: 'negative' }).drawing)).toBeGreaterThan(0);
    expect(kind({ nature: 'neutral' }).drawing).toMatch(/^<circle [^>]*fill="#1d70b8"/);
    expect(kind({ nature: null, withheld: true }).drawing).toMatch(/^<circle [^>]*fill="#ffffff" stroke="#505a5f"/);
    expect(kind({ nature: 'positive', withheld: true })).toEqual(kind({ nature: null, withheld: true }));
    const plain = kind({ nature: 'negative' });
    const significant = kind({ nature: 'negative', significant: true });
    expect(plain.drawing).not.toContain('<line');
    expect(significant.name).toBe('negative-significant');
    expect(kind({ nature: null, withheld: true, significant: true }).name).toBe('withheld-significant');
    expect(kind({ nature: null, withheld: true, significant: true }).drawing).toMatch(/^<line [^>]*\/><circle [^>]*fill="#ffffff"/);
    expect(significant.drawing).toMatch(/^<line [^>]*stroke="#0b0c0c" stroke-width="2"\/><polygon points="0,9 [^>]*stroke="#0b0c0c" stroke-width="2"/);
  });

  it('places a mark along the axis by its date', () => {
    const x = (date: string) => Number(/<use href="#timeline-neutral" x="([\d.]+)"/.exec(timelineSvg([mark({ date }), mark({ date: '2024-06-01', lane: 'Z', nature: 'positive' }), mark({ date: '2026-12-31', lane: 'Z', nature: 'positive' })])!)![1]);
    expect(x('2025-01-01')).toBeLessThan(x('2025-07-01'));
    expect(x('2025-07-01')).toBeLessThan(x('2026-01-01'));
  });

  it('draws each kind of mark once and places marks that would cover one another, alike, once', () => {
    const svg = timelineSvg([mark({ date: '2025-03-05' }), mark({ date: '2025-03-05' }), mark({ date: '2025-03-05', nature: 'positive' }), mark({ date: '2021-01-01' })])!;
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg.match(/<polygon /g)).toHaveLength(1);
    expect(svg.match(/<use href="#timeline-neutral"/g)).toHaveLength(2);
    expect(svg.match(/<use href="#timeline-positive"/g)).toHaveLength(1);
  });

  it('escapes an agency name', () => {
    expect(timelineSvg([mark({ lane: 'A & B <Services>' })])).toContain('A &#38; B &#60;Services&#62;');
  });

  it('has a key in words, its drawings hidden from assistive technology', () => {
    const legend = timelineLegend();
    expect(legend.map((item) => item.text)).toEqual(['Positive', 'Negative', 'Neutral, or not shown to you', 'Significant (larger, outlined, with a tick)', 'Withheld from you (hollow)']);
    for (const item of legend) expect(item.icon).toContain('aria-hidden="true"');
  });
});
