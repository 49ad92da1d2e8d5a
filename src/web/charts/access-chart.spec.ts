import { accessChart, daysBetween } from './access-chart';

const NAMES: Record<string, string> = { police: 'Police Scotland', school: 'Calderbank Community School' };
const agencyName = (code: string) => NAMES[code] ?? code;
const PERIOD = { from: '2026-11-01', to: '2026-11-30' };

describe('accessChart', () => {
  const chart = accessChart(
    [
      { day: '2026-11-03', agency: 'police', accesses: 4, refused: 0, breakGlass: 0 },
      { day: '2026-11-03', agency: 'school', accesses: 2, refused: 1, breakGlass: 0 },
      { day: '2026-11-21', agency: 'school', accesses: 3, refused: 0, breakGlass: 3 },
      { day: '2026-11-24', agency: 'mentoring', accesses: 0, refused: 2, breakGlass: 0 },
    ],
    PERIOD,
    agencyName,
  );

  it('sums the period in words: accesses, days, agencies, the busiest day, refusals and break-glass', () => {
    expect(chart.summary).toBe(
      '9 accesses on 2 of 30 days from 1 November 2026 to 30 November 2026, by Calderbank Community School, Police Scotland; the most on 3 November 2026 (6); 3 refused; 3 under emergency (break-glass) access.',
    );
  });

  it('gives the same numbers as a table, one row per day with any attempt, a column per agency that reached the record', () => {
    expect(chart.agencies).toEqual(['Calderbank Community School', 'Police Scotland']);
    expect(chart.rows).toEqual([
      { day: '2026-11-03', byAgency: [2, 4], refused: 1, breakGlass: 0 },
      { day: '2026-11-21', byAgency: [3, 0], refused: 0, breakGlass: 3 },
      { day: '2026-11-24', byAgency: [0, 0], refused: 2, breakGlass: 0 },
    ]);
  });

  it('draws a bar segment per agency and day, a triangle per day with refusals and a diamond per day with break-glass, as an image with its summary', () => {
    expect(chart.svg.match(/<rect /g)).toHaveLength(3);
    expect(chart.svg.match(/fill="#d4351c"/g)).toHaveLength(2);
    expect(chart.svg.match(/<path d="M[^"]*l6 6 l-6 6 l-6 -6 z" fill="#0b0c0c"/g)).toHaveLength(1);
    expect(chart.svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="access-chart-title access-chart-desc"/);
    expect(chart.svg).toContain(`<desc id="access-chart-desc">${chart.summary}</desc>`);
    expect(chart.svg).not.toMatch(/style=/);
  });

  it('escapes what it writes into the SVG', () => {
    const odd = accessChart([{ day: '2026-11-03', agency: 'x', accesses: 1, refused: 0, breakGlass: 0 }], PERIOD, () => '<script>&"');
    expect(odd.svg).not.toContain('<script>');
    expect(odd.svg).toContain('&lt;script&gt;&amp;&quot;');
  });

  it('says so when nobody looked', () => {
    expect(accessChart([], PERIOD, agencyName).summary).toBe('0 accesses on 0 of 30 days from 1 November 2026 to 30 November 2026; 0 refused; 0 under emergency (break-glass) access.');
  });

  it('counts the days of a period inclusively', () => {
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
  });
});
