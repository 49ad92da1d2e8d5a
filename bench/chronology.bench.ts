import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import { CHRONOLOGY_ORDER, ENTRY_ROW_JOINS, ENTRY_ROW_SELECT } from '../src/chronology/entry-rows';
import { startEmbeddedDatabase } from '../src/database/embedded-database';
import { postgresPool } from '../src/database/postgres-pool';
import { createChildWithTeam, USERS } from '../test/support/fixtures';
import { startTestApp, TestApp } from '../test/support/test-app';

const ENTRIES = 2000;
const WARMUP = 20;
const RUNS = 200;
const AUTHORS = [USERS.healthVisitor, USERS.teacher, USERS.police, USERS.socialWorker, USERS.mentor];

interface Figures {
  runs: number;
  p50: number;
  p95: number;
  mean: number;
}

/**
 * `npm run bench`: builds its own data in a scratch database (on DATABASE_URL's server, or an
 * embedded PostgreSQL), measures, prints a table and writes bench/results.json.
 */
async function main(): Promise<void> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(path.resolve(__dirname, '..', '.data', 'bench-postgres'), Number(process.env.EMBEDDED_BENCH_PG_PORT ?? 54331), 'postgres');
  if (embedded) process.env.DATABASE_URL = embedded.url;
  const testApp = await startTestApp();
  try {
    const results = { machine: machineDescription(), chronology: await benchmarkChronology(testApp) };
    fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nWrote bench/results.json\n`);
  } finally {
    await testApp.close();
    await embedded?.stop();
  }
}

async function benchmarkChronology(testApp: TestApp): Promise<Record<string, unknown>> {
  const childId = await createChildWithTeam(
    testApp,
    AUTHORS.map((username) => ({ username, capacity: username === USERS.police ? 'police-contact' : 'lead-professional' })),
  );
  const started = performance.now();
  await seedEntries(testApp, childId);
  const seedMs = performance.now() - started;

  const url = `${testApp.baseUrl}/api/children/${childId}/chronology?pageSize=${ENTRIES}`;
  const headers = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };
  const first = await fetch(url, { headers });
  const firstBody = (await first.json()) as { items: unknown[] };
  if (first.status !== 200 || firstBody.items.length !== ENTRIES) throw new Error(`Unexpected chronology response: ${first.status}`);
  let responseBytes = 0;

  // The body is read in full but not parsed: parsing is the client's cost, not the server's.
  const http = await measure(async () => {
    const response = await fetch(url, { headers });
    responseBytes = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  });

  const pool: Pool = postgresPool(testApp.dataSource);
  const rawSql = `SELECT ${ENTRY_ROW_SELECT} FROM chronology_entries e
      JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
      ${ENTRY_ROW_JOINS}
    WHERE e.child_id = $1 AND e.status <> 'entered-in-error'
    ORDER BY ${CHRONOLOGY_ORDER} LIMIT $2 OFFSET 0`;
  const raw = await measure(async () => {
    const { rowCount } = await pool.query(rawSql, [childId, ENTRIES]);
    if (rowCount !== ENTRIES) throw new Error(`raw query returned ${rowCount}`);
  });

  const ratio = http.p50 / raw.p50;
  printTable(`Merged chronology, ${ENTRIES} entries from ${AUTHORS.length} agencies, police user (seeded in ${seedMs.toFixed(0)} ms; response ${(responseBytes / 1024).toFixed(0)} KiB)`, [
    ['HTTP GET .../chronology (auth, access check, audit, JSON)', http],
    ['raw pg query, same rows, same process', raw],
  ]);
  process.stdout.write(`ratio HTTP/raw (p50): ${ratio.toFixed(2)}x  (target once field filtering lands: <= 2x)\n`);
  return { entries: ENTRIES, agencies: AUTHORS.length, seedMs: round(seedMs), responseBytes, http, raw, ratioP50: round(ratio) };
}

/** Bulk insert straight into the tables: 2,000 API calls would measure the write path, not the read. */
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
            significant, 'negative', impact, 'Discussed with the lead professional; to be reviewed at the next core group.', 'first-hand', 'standard', false
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[])
         AS t(entry_id, author_id, event_date, summary, detail, significant, impact)`,
    [
      entryIds.map((row) => row.id),
      indexes.map((index) => pick(index).id),
      indexes.map(day),
      indexes.map((index) => `Event ${index}: school reported the child arrived late and hungry on three days this week.`),
      indexes.map((index) => `Detail ${index}: ${'Class teacher spoke with the child, who said there had been no food at home since the weekend. '.repeat(4)}`),
      indexes.map((index) => index % 7 === 0),
      indexes.map(() => 'Child tired and unable to concentrate in class; attendance affected.'),
    ],
  );
}

async function measure(run: () => Promise<void>): Promise<Figures> {
  for (let index = 0; index < WARMUP; index += 1) await run();
  const timings: number[] = [];
  for (let index = 0; index < RUNS; index += 1) {
    const start = performance.now();
    await run();
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const at = (fraction: number) => timings[Math.min(timings.length - 1, Math.floor(fraction * timings.length))];
  return { runs: RUNS, p50: round(at(0.5)), p95: round(at(0.95)), mean: round(timings.reduce((sum, value) => sum + value, 0) / timings.length) };
}

function printTable(title: string, rows: [string, Figures][]): void {
  process.stdout.write(`\n${title}\n`);
  process.stdout.write(`${'measurement'.padEnd(58)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'mean ms'.padStart(8)}\n`);
  for (const [name, figures] of rows) {
    process.stdout.write(`${name.padEnd(58)} ${figures.p50.toFixed(2).padStart(8)} ${figures.p95.toFixed(2).padStart(8)} ${figures.mean.toFixed(2).padStart(8)}\n`);
  }
}

function machineDescription(): Record<string, unknown> {
  return { node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: round(os.totalmem() / 2 ** 30) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
