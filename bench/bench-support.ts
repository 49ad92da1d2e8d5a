import * as http from 'node:http';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createChildWithTeam, USERS } from '../test/support/fixtures';
import type { TestApp } from '../test/support/test-app';

export interface Figures {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
}

export const ENTRIES = 2000;
export const AUTHORS = [USERS.healthVisitor, USERS.teacher, USERS.police, USERS.socialWorker, USERS.mentor];
const WARMUP = 20;

/** A child with 2,000 entries from five agencies, of mixed sensitivity, seeded straight into the tables. */
export async function childWithLongChronology(testApp: TestApp): Promise<{ childId: string; seedMs: number }> {
  const childId = await createChildWithTeam(
    testApp,
    AUTHORS.map((username) => ({ username, capacity: username === USERS.police ? 'police-contact' : 'lead-professional' })),
  );
  const started = performance.now();
  await seedEntries(testApp, childId);
  return { childId, seedMs: performance.now() - started };
}

/** Bulk insert: 2,000 API calls would measure the write path, not the read. */
async function seedEntries(testApp: TestApp, childId: string): Promise<void> {
  const authors = await testApp.dataSource.query<{ id: string; agency_id: string }[]>(
    'SELECT id, agency_id FROM practitioners WHERE subject = ANY($1) ORDER BY subject',
    [AUTHORS],
  );
  const pick = (index: number) => authors[index % authors.length];
  const indexes = Array.from({ length: ENTRIES }, (_, index) => index);
  const entryIds = await testApp.dataSource.query<{ id: string }[]>(
    `INSERT INTO chronology_entries (child_id, source_agency_id, author_id, recorded_at, status, current_version)
     SELECT $1, agency_id, author_id, now(), 'current', 1 FROM unnest($2::uuid[], $3::uuid[]) AS t(agency_id, author_id)
     RETURNING id`,
    [childId, indexes.map((index) => pick(index).agency_id), indexes.map((index) => pick(index).id)],
  );
  const day = (index: number) => new Date(Date.UTC(2019, 0, 1) + index * 86_400_000).toISOString().slice(0, 10);
  await testApp.dataSource.query(
    `INSERT INTO chronology_entry_versions (entry_id, version_number, change, changed_by_id, changed_at, event_date, date_precision,
        event_type, wellbeing_indicators, summary, detail, significant, nature, impact_on_child, action_taken, information_source, sensitivity, names_third_parties)
     SELECT entry_id, 1, 'created', author_id, now(), event_date::date, 'day', 'concern-raised', '{safe,healthy}', summary, detail,
            significant, 'negative', impact, 'Discussed with the lead professional; to be reviewed at the next core group.', 'first-hand', sensitivity, false
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::text[])
         AS t(entry_id, author_id, event_date, summary, detail, significant, impact, sensitivity)`,
    [
      entryIds.map((row) => row.id),
      indexes.map((index) => pick(index).id),
      indexes.map(day),
      indexes.map((index) => `Event ${index}: school reported the child arrived late and hungry on three days this week.`),
      indexes.map((index) => `Detail ${index}: ${'Class teacher spoke with the child, who said there had been no food at home since the weekend. '.repeat(4)}`),
      indexes.map((index) => index % 7 === 0),
      indexes.map(() => 'Child tired and unable to concentrate in class; attendance affected.'),
      indexes.map(sensitivityOf),
    ],
  );
}

/** About 9% restricted and 18% sensitive, spread across the agencies, so the policy has work to do. */
function sensitivityOf(index: number): string {
  const slot = index % 11;
  return slot === 5 ? 'restricted' : slot === 3 || slot === 7 ? 'sensitive' : 'standard';
}

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

/** Each round runs every measurement once, interleaved, so a slow patch on a shared machine hits all sides of a ratio alike. */
export async function measureInterleaved(runs: (() => Promise<void>)[], rounds: number): Promise<Figures[]> {
  for (let index = 0; index < WARMUP; index += 1) for (const run of runs) await run();
  const timings: number[][] = runs.map(() => []);
  for (let index = 0; index < rounds; index += 1) {
    for (const [which, run] of runs.entries()) {
      const start = performance.now();
      await run();
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
