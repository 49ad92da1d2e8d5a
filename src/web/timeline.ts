/**
 * The chronology's timeline, drawn on the server as SVG so it needs no script and prints: one lane
 * per agency along a time axis. Colour is never the only signal (WCAG 1.4.1): positive events point
 * up, negative ones down, neutral ones are circles; withheld entries are hollow; significant ones
 * are larger, with a dark outline and a tick above. The table below it is its accessible
 * equivalent, so the drawing is one image with a summary, not a second list.
 */

export interface TimelineMark {
  lane: string;
  /** ISO calendar date; marks without one (withheld undated) are not drawn. */
  date: string;
  nature: 'positive' | 'negative' | 'neutral' | null;
  significant: boolean;
  withheld: boolean;
}

const WIDTH = 960;
const LABEL_WIDTH = 190;
const RIGHT_PAD = 24;
const LANE_HEIGHT = 40;
const TOP = 16;
const AXIS_HEIGHT = 34;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT_PAD;
const DAY_MS = 86_400_000;

const COLOURS = { positive: '#00703c', negative: '#d4351c', neutral: '#1d70b8', withheld: '#505a5f', text: '#0b0c0c', rule: '#b1b4b6' };

const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;

const round = (value: number): string => String(Math.round(value * 10) / 10);

/** The years the axis spans: whole years around the marks, at least one. */
function span(marks: TimelineMark[]): { firstYear: number; lastYear: number } {
  const years = marks.map((mark) => Number(mark.date.slice(0, 4)));
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) + 1 };
}

/** A tick every 1, 2, 5 or 10 years, so that no more than about a dozen labels share the axis. */
function tickStep(years: number): number {
  return [1, 2, 5, 10, 20].find((step) => years / step <= 12) ?? 50;
}

/** The kinds of mark: what a mark looks like depends on nothing else. */
function kindOf(mark: TimelineMark): string {
  return `${mark.withheld ? 'withheld' : (mark.nature ?? 'neutral')}${mark.significant ? '-significant' : ''}`;
}

function shape(mark: TimelineMark, x: number, y: number): string {
  const size = mark.significant ? 9 : 6;
  const colour = mark.withheld ? COLOURS.withheld : COLOURS[mark.nature ?? 'neutral'];
  const paint = mark.withheld ? `fill="#ffffff" stroke="${colour}" stroke-width="2"` : `fill="${colour}" stroke="${mark.significant ? COLOURS.text : colour}" stroke-width="${mark.significant ? 2 : 1}"`;
  const tick = mark.significant ? `<line x1="${round(x)}" y1="${round(y - size - 8)}" x2="${round(x)}" y2="${round(y - size - 2)}" stroke="${COLOURS.text}" stroke-width="2"/>` : '';
  if (!mark.withheld && mark.nature === 'positive') {
    return `${tick}<polygon points="${round(x)},${round(y - size)} ${round(x + size)},${round(y + size * 0.8)} ${round(x - size)},${round(y + size * 0.8)}" ${paint}/>`;
  }
  if (!mark.withheld && mark.nature === 'negative') {
    return `${tick}<polygon points="${round(x)},${round(y + size)} ${round(x + size)},${round(y - size * 0.8)} ${round(x - size)},${round(y - size * 0.8)}" ${paint}/>`;
  }
  return `${tick}<circle cx="${round(x)}" cy="${round(y)}" r="${round(size * 0.8)}" ${paint}/>`;
}

function summary(marks: TimelineMark[], lanes: string[], firstYear: number, lastYear: number): string {
  const count = (test: (mark: TimelineMark) => boolean) => marks.filter(test).length;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    `${plural(marks.length, 'entry', 'entries')} from ${plural(lanes.length, 'agency', 'agencies')} (${lanes.join(', ')}) between ${firstYear} and ${lastYear - 1}: ` +
    `${count((m) => m.significant)} significant, ${count((m) => !m.withheld && m.nature === 'positive')} positive, ` +
    `${count((m) => !m.withheld && m.nature === 'negative')} negative, ${count((m) => m.withheld)} withheld. The table below lists every entry.`
  );
}

/** The timeline as an SVG document fragment; null when there is nothing dated to draw. `id` prefixes the title's and description's ids. */
export function timelineSvg(marks: TimelineMark[], id = 'timeline'): string | null {
  if (marks.length === 0) return null;
  const lanes = [...new Set(marks.map((mark) => mark.lane))].sort((a, b) => a.localeCompare(b));
  const { firstYear, lastYear } = span(marks);
  const start = dayNumber(`${firstYear}-01-01`);
  const end = dayNumber(`${lastYear}-01-01`);
  const xOf = (iso: string) => LABEL_WIDTH + ((dayNumber(iso) - start) / (end - start)) * PLOT_WIDTH;
  const height = TOP + lanes.length * LANE_HEIGHT + AXIS_HEIGHT;
  const axisY = TOP + lanes.length * LANE_HEIGHT;
  const parts: string[] = [];
  lanes.forEach((lane, index) => {
    const y = TOP + index * LANE_HEIGHT + LANE_HEIGHT / 2;
    parts.push(
      `<text x="${LABEL_WIDTH - 10}" y="${y + 5}" text-anchor="end" font-size="14" fill="${COLOURS.text}">${escapeXml(lane.length > 22 ? `${lane.slice(0, 21)}…` : lane)}</text>`,
      `<line x1="${LABEL_WIDTH}" y1="${y}" x2="${WIDTH - RIGHT_PAD}" y2="${y}" stroke="${COLOURS.rule}" stroke-width="1"/>`,
    );
  });
  const step = tickStep(lastYear - firstYear);
  for (let year = firstYear; year <= lastYear; year += step) {
    const x = round(xOf(`${year}-01-01`));
    parts.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${axisY + 6}" stroke="${COLOURS.rule}" stroke-width="1" stroke-dasharray="2 3"/>`,
      `<text x="${x}" y="${axisY + 22}" text-anchor="middle" font-size="13" fill="${COLOURS.text}">${year}</text>`,
    );
  }
  parts.push(`<line x1="${LABEL_WIDTH}" y1="${axisY}" x2="${WIDTH - RIGHT_PAD}" y2="${axisY}" stroke="${COLOURS.text}" stroke-width="1"/>`);
  // Significant marks last, so they sit on top of the others on a crowded day.
  const ordered = [...marks].sort((a, b) => Number(a.significant) - Number(b.significant));
  // Each kind of mark is drawn once, in <defs>, and placed by <use>: a long chronology has thousands.
  // Marks that would be drawn on top of one another, alike, are placed once.
  const placed = new Set<string>();
  const kinds = new Map<string, string>();
  const laneIndex = new Map(lanes.map((lane, index) => [lane, index]));
  for (const mark of ordered) {
    const x = Math.round(xOf(mark.date));
    const lane = laneIndex.get(mark.lane)!;
    const kind = kindOf(mark);
    const key = `${lane}|${x}|${kind}`;
    if (placed.has(key)) continue;
    placed.add(key);
    if (!kinds.has(kind)) kinds.set(kind, `<g id="${id}-${kind}">${shape(mark, 0, 0)}</g>`);
    parts.push(`<use href="#${id}-${kind}" x="${x}" y="${TOP + lane * LANE_HEIGHT + LANE_HEIGHT / 2}"/>`);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-timeline__svg" viewBox="0 0 ${WIDTH} ${height}" width="100%" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false">` +
    `<title id="${id}-title">Timeline of the entries by agency</title>` +
    `<desc id="${id}-desc">${escapeXml(summary(marks, lanes, firstYear, lastYear))}</desc>` +
    `<defs>${[...kinds.values()].join('')}</defs>` +
    parts.join('') +
    `</svg>`
  );
}

/** The key to the marks, each drawn as on the timeline (the words say it all; the drawings are decoration). */
export function timelineLegend(): { icon: string; text: string }[] {
  const icon = (mark: Omit<TimelineMark, 'lane' | 'date'>) =>
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-timeline__key-icon" viewBox="0 0 28 28" width="28" height="28" aria-hidden="true" focusable="false">${shape({ ...mark, lane: '', date: '' }, 14, 16)}</svg>`;
  return [
    { icon: icon({ nature: 'positive', significant: false, withheld: false }), text: 'Positive' },
    { icon: icon({ nature: 'negative', significant: false, withheld: false }), text: 'Negative' },
    { icon: icon({ nature: 'neutral', significant: false, withheld: false }), text: 'Neutral, or not shown to you' },
    { icon: icon({ nature: 'negative', significant: true, withheld: false }), text: 'Significant (larger, outlined, with a tick)' },
    { icon: icon({ nature: null, significant: false, withheld: true }), text: 'Withheld from you (hollow)' },
  ];
}
