import { performance } from 'node:perf_hooks';
import { USERS } from '../test/support/fixtures';
import { ENTRIES } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { figuresOf, printTable, round, verdict } from './bench-support';

const RUNS = 10;

/**
 * A printed chronology of 2,000 entries (the police user, case-conference copy): the whole
 * request, from the access decision to the last byte of the PDF, and the process's peak memory
 * while it runs (server and benchmark share one process, so the figure is an upper bound).
 */
export async function benchmarkExport(testApp: TestApp, childId: string): Promise<Record<string, unknown>> {
  const token = await testApp.tokenFor(USERS.police);
  const body = JSON.stringify({ audience: 'case-conference', purpose: 'Benchmark: case conference', producedFor: 'Conference members' });
  let pages = 0;
  let bytes = 0;
  const exportOnce = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${testApp.baseUrl}/api/children/${childId}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    const pdf = Buffer.from(await response.arrayBuffer());
    if (response.status !== 201) throw new Error(`Export failed: ${response.status} ${pdf.toString('utf8', 0, 300)}`);
    pages = Number(response.headers.get('x-export-pages'));
    bytes = pdf.length;
    return performance.now() - started;
  };
  await exportOnce();
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sampler = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  }, 5);
  const timings: number[] = [];
  try {
    for (let run = 0; run < RUNS; run += 1) timings.push(await exportOnce());
  } finally {
    clearInterval(sampler);
  }
  const figures = figuresOf(timings);
  const mib = (value: number) => round(value / 2 ** 20);
  printTable(`3. PDF export of ${ENTRIES} entries (police user, case-conference copy: ${pages} pages, ${(bytes / 2 ** 20).toFixed(1)} MiB)`, [
    ['HTTP POST .../exports (access, rows, redaction, PDF, SHA-256, record, audit)', figures],
  ]);
  process.stdout.write(`peak process memory while exporting: RSS ${mib(peakRss)} MiB (${mib(peakRss - baseline.rss)} MiB above the idle process), V8 heap ${mib(peakHeap)} MiB\n`);
  verdict('export time (p95)', `${(figures.p95 / 1000).toFixed(2)} s`, '< 2 s', figures.p95 < 2000);
  verdict('peak memory (RSS of the whole process)', `${mib(peakRss)} MiB`, '< 300 MB', peakRss < 300 * 10 ** 6);
  return { entries: ENTRIES, pages, bytes, time: figures, baselineRssMiB: mib(baseline.rss), peakRssMiB: mib(peakRss), peakHeapMiB: mib(peakHeap) };
}
