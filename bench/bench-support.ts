import * as http from 'node:http';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { TestApp } from '../test/support/test-app';

export interface Figures {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
}

const WARMUP = 20;

/** A keep-alive GET that counts the body's bytes as they arrive, neither buffering nor parsing it: that is the client's cost, not the server's. */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
export function readBody(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: keepAlive }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/**
 * Each round runs every measurement once, interleaved, so a slow patch on a shared machine hits all
 * sides of a ratio alike; every other round runs them in reverse, so none always follows the same
 * one (a request pays for the garbage of the one before it).
 */
export async function measureInterleaved(runs: (() => Promise<void>)[], rounds: number, warmup = WARMUP): Promise<Figures[]> {
  for (let index = 0; index < warmup; index += 1) for (const run of runs) await run();
  const timings: number[][] = runs.map(() => []);
  const forward = [...runs.keys()];
  const backward = [...forward].reverse();
  for (let index = 0; index < rounds; index += 1) {
    for (const which of index % 2 === 0 ? forward : backward) {
      const start = performance.now();
      await runs[which]();
      timings[which].push(performance.now() - start);
    }
  }
  return timings.map(figuresOf);
}

export function figuresOf(timings: number[]): Figures {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { runs: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length) };
}

/** The middle value (the upper of the two middle ones for an even count). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export function printTable(title: string, rows: [string, Figures][]): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${'measurement'.padEnd(64)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'mean ms'.padStart(8)}\n`);
  for (const [name, figures] of rows) {
    process.stdout.write(`${name.padEnd(64)} ${figures.p50.toFixed(2).padStart(8)} ${figures.p95.toFixed(2).padStart(8)} ${figures.mean.toFixed(2).padStart(8)}\n`);
  }
}

export function verdict(label: string, value: string, target: string, met: boolean): void {
  process.stdout.write(`${label}: ${value}  (target: ${target}) ${met ? 'MET' : 'MISSED'}\n`);
}

export function machineDescription(): Record<string, unknown> {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30) };
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Brings the entry tables' statistics and visibility map up to date after a bulk seed, as autovacuum
 * would within a minute or so: the plans measured are then those of a settled table, not of one the
 * planner believes holds a handful of rows for the child (which picks key-by-key joins for
 * thousands), nor of one whose index must send every read to the table to check it.
 */
export async function analyseEntryTables(testApp: TestApp): Promise<void> {
  await testApp.ownerQuery('VACUUM (ANALYZE) chronology_entries');
  await testApp.ownerQuery('VACUUM (ANALYZE) chronology_entry_versions');
  await testApp.ownerQuery('VACUUM (ANALYZE) chronology_entry_counts');
}
