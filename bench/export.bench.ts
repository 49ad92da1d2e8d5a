import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { obtainDevAccessToken } from '../src/dev-idp/dev-login';
import { USERS } from '../test/support/fixtures';
import { ENTRIES } from '../test/support/long-chronology';
import { startServerProcess } from '../test/support/server-process';
import type { TestApp } from '../test/support/test-app';
import { figuresOf, printTable, round, verdict } from './bench-support';

const RUNS = 10;

/**
 * A printed chronology of 2,000 entries (the police user, case-conference copy): the whole
 * request, from the access decision to the last byte of the PDF, against the compiled server in a
 * process of its own, as an operator runs it; and that process's peak resident memory while it
 * exports (the kernel's high-water mark, reset after a warm-up export).
 */
export async function benchmarkExport(testApp: TestApp, childId: string): Promise<Record<string, unknown>> {
  const server = await startServerProcess(testApp, { RATE_LIMIT_API_PER_SECOND: '0' }, { built: true });
  try {
    const token = await obtainDevAccessToken(`${server.baseUrl}/idp`, USERS.police);
    const body = JSON.stringify({ audience: 'case-conference', purpose: 'Benchmark: case conference', producedFor: 'Conference members' });
    let pages = 0;
    let bytes = 0;
    const exportOnce = async (): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${server.baseUrl}/api/children/${childId}/exports`, {
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
    const idleRss = residentKiB(server.pid, 'VmRSS');
    // Resets the high-water mark to the current size, so the peak below is the exports' alone.
    fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const timings: number[] = [];
    for (let run = 0; run < RUNS; run += 1) timings.push(await exportOnce());
    const peakRss = residentKiB(server.pid, 'VmHWM');
    const figures = figuresOf(timings);
    const mib = (kib: number) => round(kib / 1024);
    printTable(`3. PDF export of ${ENTRIES} entries (police user, case-conference copy: ${pages} pages, ${(bytes / 2 ** 20).toFixed(1)} MiB)`, [
      ['HTTP POST .../exports (access, rows, redaction, PDF, SHA-256, record, audit)', figures],
    ]);
    process.stdout.write(`server process resident memory: ${mib(idleRss)} MiB after a first export, peak ${mib(peakRss)} MiB over ${RUNS} more (+${mib(peakRss - idleRss)} MiB)\n`);
    verdict('export time (p95)', `${(figures.p95 / 1000).toFixed(2)} s`, '< 2 s', figures.p95 < 2000);
    verdict('peak memory (resident, server process)', `${round((peakRss * 1024) / 10 ** 6)} MB`, '< 300 MB', peakRss * 1024 < 300 * 10 ** 6);
    return { entries: ENTRIES, pages, bytes, time: figures, idleRssMiB: mib(idleRss), peakRssMiB: mib(peakRss) };
  } finally {
    await server.stop();
  }
}

/** A line of /proc/<pid>/status, in KiB. */
export function residentKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((row) => row.startsWith(`${field}:`));
  if (!line) throw new Error(`No ${field} for process ${pid}`);
  return Number(line.split(/\s+/)[1]);
}
