import { performance } from 'node:perf_hooks';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
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

  const pool: Pool = postgresPool(testApp.dataSource);
  const [{ policeAgencyId }] = await testApp.dataSource.query<{ policeAgencyId: string }[]>(
    `SELECT agency_id AS "policeAgencyId" FROM practitioners WHERE subject = $1`,
    [USERS.police],
  );
  // The rows the police user gets back, written by hand: every standard and sensitive entry (read
  // or shown as a dated marker) and its own restricted ones; other agencies' restricted entries
  // are only counted in the undated summary.
  // A plain SELECT of everything the entries hold, written out rather than borrowed from the application, so
  // the yardstick stays put whatever the application does to its own query.
  const rawSql = `SELECT e.*, v.*, a.code, a.name, a.type, a.contact, au.name AS author_name, au.job_title, au.role,
           cb.name AS changed_by_name, cba.name AS changed_by_agency
      FROM chronology_entries e
      JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
      JOIN agencies a ON a.id = e.source_agency_id
      JOIN practitioners au ON au.id = e.author_id
      JOIN practitioners cb ON cb.id = v.changed_by_id
      JOIN agencies cba ON cba.id = cb.agency_id
     WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND (v.sensitivity <> 'restricted' OR e.source_agency_id = $2)
     ORDER BY v.event_date, v.event_time NULLS FIRST, e.recorded_at, e.id LIMIT $3`;
  const expectedRows = (await pool.query(rawSql, [childId, policeAgencyId, ENTRIES])).rowCount;

  const url = `${testApp.baseUrl}/api/children/${childId}/chronology?pageSize=${ENTRIES}`;
  const headers = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };
  const first = await fetch(url, { headers });
  const firstBody = (await first.json()) as { items: { kind: string; withheld?: unknown }[] };
  if (first.status !== 200 || firstBody.items.length !== expectedRows) {
    throw new Error(`Unexpected chronology response: ${first.status}, ${firstBody.items.length} items where the raw query gives ${expectedRows}`);
  }
  const shape = {
    items: firstBody.items.length,
    whole: firstBody.items.filter((item) => item.kind === 'entry' && !item.withheld).length,
    partlyWithheld: firstBody.items.filter((item) => item.kind === 'entry' && item.withheld).length,
    markers: firstBody.items.filter((item) => item.kind === 'withheld').length,
  };
  let responseBytes = 0;

  // The body is read in full but neither buffered nor parsed: that is the client's cost, not the server's.
  const fetchChronology = async (): Promise<void> => {
    const { status, bytes } = await readBody(url, headers);
    responseBytes = bytes;
    if (status !== 200) throw new Error(`HTTP ${status}`);
  };
  const queryRaw = async (): Promise<void> => {
    const { rowCount } = await pool.query(rawSql, [childId, policeAgencyId, ENTRIES]);
    if (rowCount !== expectedRows) throw new Error(`raw query returned ${rowCount}`);
  };
  // Interleaved, so a slow patch on a shared machine hits both sides of the ratio alike.
  const [http, raw] = await measureInterleaved([fetchChronology, queryRaw]);

  const ratio = http.p50 / raw.p50;
  printTable(
    `Merged chronology, ${ENTRIES} entries from ${AUTHORS.length} agencies, police user (seeded in ${seedMs.toFixed(0)} ms; ` +
      `response ${(responseBytes / 1024).toFixed(0)} KiB: ${shape.whole} whole entries, ${shape.partlyWithheld} with fields withheld, ${shape.markers} withheld markers)`,
    [
      ['HTTP GET .../chronology (auth, policy, field filtering, audit, JSON)', http],
      ['raw pg query, same rows, no policy, same process', raw],
    ],
  );
  process.stdout.write(`ratio HTTP/raw (p50): ${ratio.toFixed(2)}x  (target: <= 2x)\n`);
  return { entries: ENTRIES, agencies: AUTHORS.length, seedMs: round(seedMs), responseBytes, shape, http, raw, ratioP50: round(ratio) };
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

/** A keep-alive GET that counts the body's bytes as they arrive. */
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
function readBody(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
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

async function measureInterleaved(runs: (() => Promise<void>)[]): Promise<Figures[]> {
  for (let index = 0; index < WARMUP; index += 1) for (const run of runs) await run();
  const timings: number[][] = runs.map(() => []);
  for (let index = 0; index < RUNS; index += 1) {
    for (const [which, run] of runs.entries()) {
      const start = performance.now();
      await run();
      timings[which].push(performance.now() - start);
    }
  }
  return timings.map(figuresOf);
}

function figuresOf(timings: number[]): Figures {
  const sorted = [...timings].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { runs: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length) };
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
