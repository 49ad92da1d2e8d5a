import { ukDate } from '../view-filters';

/** One day's attempts on a child's record by one agency (ChildAccessSummary.daily). */
export interface DailyAccess {
  day: string;
  agency: string | null;
  accesses: number;
  refused: number;
  breakGlass: number;
}

export interface AccessChart {
  /** The SVG, escaped, ready to put in the page as it is. */
  svg: string;
  /** The chart in one sentence: its title and description, and the page's text summary. */
  summary: string;
  /** The table equivalent: one row per day with any attempt. */
  agencies: string[];
  rows: { day: string; byAgency: number[]; refused: number; breakGlass: number }[];
}

/** Distinguishable for common colour blindness (Okabe and Ito), each with at least 3:1 contrast on white. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8A6D00', '#56B4E9', '#000000'];
const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 36;
const TOP = 24;
const BOTTOM = 40;
const PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Every calendar day from `from` to `to`, both `YYYY-MM-DD`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

/**
 * Accesses to a child's record per day over the period, stacked by agency, with each day's
 * refusals (a red triangle) and break-glass accesses (a black diamond) marked above its bar. A
 * pure function: the page puts the SVG in as it is (role="img", its title and description the
 * summary) and the same numbers in a table beside it, for anyone who cannot see the chart.
 */
export function accessChart(daily: DailyAccess[], period: { from: string; to: string }, agencyName: (code: string) => string): AccessChart {
  const days = daysBetween(period.from, period.to);
  // Only agencies that reached the record have a colour; refusals are counted per day, whoever made them.
  const agencies = [...new Set(daily.filter((row) => row.accesses > 0).map((row) => row.agency ?? ''))].sort((a, b) => agencyName(a).localeCompare(agencyName(b)));
  const names = agencies.map((code) => (code ? agencyName(code) : 'No agency'));
  const rows = days
    .map((day) => {
      const ofDay = daily.filter((row) => row.day === day);
      return {
        day,
        byAgency: agencies.map((code) => ofDay.filter((row) => (row.agency ?? '') === code).reduce((sum, row) => sum + row.accesses, 0)),
        refused: ofDay.reduce((sum, row) => sum + row.refused, 0),
        breakGlass: ofDay.reduce((sum, row) => sum + row.breakGlass, 0),
      };
    })
    .filter((row) => row.byAgency.some(Boolean) || row.refused > 0);
  const total = (row: (typeof rows)[number]) => row.byAgency.reduce((sum, count) => sum + count, 0);
  const accesses = rows.reduce((sum, row) => sum + total(row), 0);
  const refused = rows.reduce((sum, row) => sum + row.refused, 0);
  const breakGlass = rows.reduce((sum, row) => sum + row.breakGlass, 0);
  const busiest = rows.reduce<(typeof rows)[number] | null>((best, row) => (best === null || total(row) > total(best) ? row : best), null);
  const summary =
    `${accesses} ${accesses === 1 ? 'access' : 'accesses'} on ${rows.filter((row) => total(row) > 0).length} of ${days.length} days from ${ukDate(period.from)} to ${ukDate(period.to)}` +
    (agencies.length > 0 ? `, by ${names.join(', ')}` : '') +
    (busiest && total(busiest) > 0 ? `; the most on ${ukDate(busiest.day)} (${total(busiest)})` : '') +
    `; ${refused} refused; ${breakGlass} under emergency (break-glass) access.`;

  const max = Math.max(1, ...rows.map((row) => total(row)));
  const slot = (WIDTH - LEFT) / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.7);
  const y = (count: number) => TOP + PLOT_HEIGHT - (count / max) * PLOT_HEIGHT;
  const parts: string[] = [];
  // Axis and gridlines at 0 and the maximum, labelled.
  for (const value of [0, max]) {
    parts.push(`<line x1="${LEFT}" x2="${WIDTH}" y1="${y(value)}" y2="${y(value)}" stroke="#b1b4b6" stroke-width="1"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(value) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${value}</text>`);
  }
  for (const row of rows) {
    const x = LEFT + days.indexOf(row.day) * slot + (slot - barWidth) / 2;
    let base = 0;
    row.byAgency.forEach((count, index) => {
      if (count === 0) return;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(base + count).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${((count / max) * PLOT_HEIGHT).toFixed(1)}" fill="${COLOURS[index % COLOURS.length]}"/>`);
      base += count;
    });
    const centre = x + barWidth / 2;
    let markerY = y(base) - 8;
    if (row.breakGlass > 0) {
      parts.push(`<path d="M${centre.toFixed(1)} ${(markerY - 6).toFixed(1)} l6 6 l-6 6 l-6 -6 z" fill="#0b0c0c"/>`);
      markerY -= 14;
    }
    if (row.refused > 0) parts.push(`<path d="M${centre.toFixed(1)} ${(markerY - 6).toFixed(1)} l6 11 h-12 z" fill="#d4351c"/>`);
  }
  // The first and last day, and the middle one, on the axis.
  for (const index of [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])]) {
    const x = LEFT + index * slot + slot / 2;
    parts.push(`<text x="${x.toFixed(1)}" y="${HEIGHT - BOTTOM + 18}" text-anchor="${index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle'}" font-size="12" fill="#0b0c0c">${escapeXml(ukDate(days[index]))}</text>`);
  }
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" class="app-chart__svg" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" role="img" aria-labelledby="access-chart-title access-chart-desc" focusable="false">` +
    `<title id="access-chart-title">Accesses per day by agency</title><desc id="access-chart-desc">${escapeXml(summary)}</desc>${parts.join('')}</svg>`;
  return { svg, summary, agencies: names, rows };
}

/** The colour each agency has in the chart, in the order of `AccessChart.agencies`, for the legend. */
export function chartColour(index: number): string {
  return COLOURS[index % COLOURS.length];
}
