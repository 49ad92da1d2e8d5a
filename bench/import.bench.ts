import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { obtainDevAccessToken } from '../src/dev-idp/dev-login';
import { createChildWithTeam, USERS } from '../test/support/fixtures';
import { longChronologyCsv } from '../test/support/import-api';
import { startServerProcess } from '../test/support/server-process';
import type { TestApp } from '../test/support/test-app';
import { figuresOf, printTable, round, verdict } from './bench-support';
import { residentKiB } from './export.bench';

const ROWS = 10_000;
const RUNS = 3;
const MAPPING = { columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', Action: 'actionTaken' }, eventTypes: {} };

/**
 * A 10,000-row CSV chronology imported from upload to commit (upload, one preview, commit) by a
 * social worker, against the compiled server in a process of its own, each run for a new child;
 * and that process's peak resident memory over the runs (reset after a small warm-up import).
 */
export async function benchmarkImport(testApp: TestApp): Promise<Record<string, unknown>> {
  const server = await startServerProcess(testApp, { RATE_LIMIT_API_PER_SECOND: '0' }, { built: true });
  try {
    const token = await obtainDevAccessToken(`${server.baseUrl}/idp`, USERS.socialWorker);
    const call = async (path: string, body: FormData | object): Promise<Record<string, unknown>> => {
      const json = !(body instanceof FormData);
      const response = await fetch(`${server.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
        body: json ? JSON.stringify(body) : body,
      });
      const answer = (await response.json()) as Record<string, unknown>;
      if (response.status >= 300) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
      return answer;
    };
    const importOnce = async (csv: Buffer): Promise<{ upload: number; preview: number; commit: number; total: number }> => {
      const childId = await createChildWithTeam(testApp, [{ username: USERS.socialWorker, capacity: 'allocated-social-worker' }]);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(csv)], { type: 'text/csv' }), 'chronology.csv');
      const started = performance.now();
      const uploaded = await call(`/api/children/${childId}/imports`, form);
      const afterUpload = performance.now();
      await call(`/api/imports/${String(uploaded.importId)}/preview`, { mapping: MAPPING });
      const afterPreview = performance.now();
      const committed = await call(`/api/imports/${String(uploaded.importId)}/commit`, { mapping: MAPPING });
      const ended = performance.now();
      if (committed.created !== csv.toString('utf8').trimEnd().split('\r\n').length - 1) throw new Error(`Commit recorded ${String(committed.created)} entries`);
      return { upload: afterUpload - started, preview: afterPreview - afterUpload, commit: ended - afterPreview, total: ended - started };
    };
    await importOnce(longChronologyCsv(100));
    const idleRss = residentKiB(server.pid, 'VmRSS');
    fs.writeFileSync(`/proc/${server.pid}/clear_refs`, '5');
    const csv = longChronologyCsv(ROWS);
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await importOnce(csv));
    const peakRss = residentKiB(server.pid, 'VmHWM');
    const mib = (kib: number) => round(kib / 1024);
    const figures = {
      upload: figuresOf(runs.map((run) => run.upload)),
      preview: figuresOf(runs.map((run) => run.preview)),
      commit: figuresOf(runs.map((run) => run.commit)),
      total: figuresOf(runs.map((run) => run.total)),
    };
    printTable(`6. Import of a ${ROWS.toLocaleString('en-GB')}-row CSV (${(csv.length / 2 ** 20).toFixed(1)} MiB), ${RUNS} runs, each for a new child`, [
      ['upload (read, suggest, keep the bytes, audit)', figures.upload],
      ['preview (read again, check every row, find duplicates)', figures.preview],
      ['commit (check again, write entries and versions, audit)', figures.commit],
      ['upload to commit', figures.total],
    ]);
    process.stdout.write(`server process resident memory: ${mib(idleRss)} MiB after a small import, peak ${mib(peakRss)} MiB over ${RUNS} imports (+${mib(peakRss - idleRss)} MiB)\n`);
    verdict('upload to commit (median)', `${(figures.total.p50 / 1000).toFixed(1)} s`, '< 30 s', figures.total.p50 < 30_000);
    verdict('peak memory (resident, server process)', `${round((peakRss * 1024) / 10 ** 6)} MB`, '< 500 MB', peakRss * 1024 < 500 * 10 ** 6);
    return { rows: ROWS, bytes: csv.length, time: figures, idleRssMiB: mib(idleRss), peakRssMiB: mib(peakRss) };
  } finally {
    await server.stop();
  }
}
