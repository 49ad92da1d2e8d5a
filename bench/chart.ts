import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

/** One line of a panel: its name in the legend and its measured points. */
export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

/** A plot area of its own, under the one above it and sharing its horizontal axis. */
export interface Panel {
  yTitle: string;
  yLog?: boolean;
  series: Series[];
}

export interface LineChart {
  title: string;
  xTitle: string;
  /** A logarithmic horizontal axis, for sizes that grow by multiples. */
  xLog?: boolean;
  /** Ticks at the measured values only, so every point can be read off the axis. */
  xTicks: number[];
  panels: Panel[];
}

const WIDTH = 560;
const PANEL_HEIGHT = 220;
/** Thousands separated, no exponent, no trailing zeros: 20,000 and 2.5 alike. */
const NUMBER = ',~f';

/**
 * Draws a line chart as SVG with Vega-Lite, headless: Vega's SVG renderer needs no canvas or
 * browser, and measures text with its own estimate. Every panel's series share one legend.
 */
export async function lineChartSvg(chart: LineChart): Promise<string> {
  // Dynamic imports: Vega's modules use top-level await, which require() (the benchmark's CommonJS) cannot load.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(specOf(chart)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes the chart to `file` (its folder made if need be) and returns the path written. */
export async function writeLineChart(file: string, chart: LineChart): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${await lineChartSvg(chart)}\n`);
  return file;
}

function specOf(chart: LineChart): TopLevelSpec {
  const seriesOrder = chart.panels.flatMap((panel) => panel.series.map((series) => series.name));
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    title: chart.xTitle,
    // The measured range only (no rounding out to a power of ten), a little padded so the end points clear the axes.
    scale: chart.xLog ? { type: 'log' as const, nice: false, padding: 14 } : { nice: false, zero: false, padding: 14 },
    axis: { values: chart.xTicks, format: NUMBER, labelAngle: 0, labelOverlap: false },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, anchor: 'start', fontSize: 14 },
    background: 'white',
    padding: 12,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    config: { font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 12, labelLimit: 0 } },
    vconcat: chart.panels.map((panel) => ({
      width: WIDTH,
      height: PANEL_HEIGHT,
      data: { values: panel.series.flatMap((series) => series.points.map((point) => ({ series: series.name, x: point.x, y: point.y }))) },
      mark: { type: 'line', point: { size: 40 }, strokeWidth: 2 },
      encoding: {
        x,
        y: {
          field: 'y',
          type: 'quantitative',
          title: panel.yTitle,
          scale: panel.yLog ? { type: 'log' } : { zero: true },
          axis: { format: NUMBER, ...(panel.yLog ? { values: oneTwoFive(panel.series.flatMap((series) => series.points.map((point) => point.y))) } : {}) },
        },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: seriesOrder }, legend: { orient: 'right' } },
      },
    })),
  };
}

/** Log-scale ticks at 1, 2 and 5 times the powers of ten that span the values: Vega's own crowd their labels together. */
function oneTwoFive(values: number[]): number[] {
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.ceil(Math.log10(Math.max(...values)));
  const ticks: number[] = [];
  for (let power = low; power <= high; power += 1) for (const step of [1, 2, 5]) ticks.push(step * 10 ** power);
  return ticks.filter((tick) => tick <= 10 ** high);
}
