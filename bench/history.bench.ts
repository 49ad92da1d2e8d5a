import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { postgresPool } from '../src/database/postgres-pool';
import { USERS } from '../test/support/fixtures';
import { childWithLongChronology, ENTRIES } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { analyseEntryTables, Figures, measureInterleaved, printTable, readBody, round, verdict } from './bench-support';
import { rawPoliceChronology } from './raw-chronology';

const COPIES = 10;
const HISTORY_ENTRIES = ENTRIES * COPIES;
const PAGE_SIZE = 100;
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 100);

/**
 * Cost grows with what is asked, not with history: one 100-entry page of a child with 20,000
 * entries, read by the police user over HTTP, against the raw query for the same page, for the
 * first page, a middle one and the last. All six measurements are interleaved.
 */
export async function benchmarkHistoryPages(testApp: TestApp): Promise<Record<string, unknown>> {
  const { childId, seedMs } = await childWithHistory(testApp);

  const pool: Pool = postgresPool(testApp.dataSource);
  const rawPage = await rawPoliceChronology(testApp, pool, childId);
  const listed = await rawPage(HISTORY_ENTRIES);
  const lastPage = Math.ceil(listed / PAGE_SIZE);
  const pages = [1, Math.min(100, lastPage), lastPage];
  const headers = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };

  const httpPage = (page: number) => {
    const url = `${testApp.baseUrl}/api/children/${childId}/chronology?page=${page}&pageSize=${PAGE_SIZE}`;
    return async (): Promise<void> => {
      const { status } = await readBody(url, headers);
      if (status !== 200) throw new Error(`HTTP ${status} for page ${page}`);
    };
  };
  const rawOf = (page: number) => async (): Promise<void> => {
    await rawPage(PAGE_SIZE, (page - 1) * PAGE_SIZE);
  };
  for (const page of pages) await expectSamePage(testApp, childId, headers, page, await rawPage(PAGE_SIZE, (page - 1) * PAGE_SIZE));

  const figures = await measureInterleaved(
    pages.flatMap((page) => [httpPage(page), rawOf(page)]),
    ROUNDS,
  );
  const results = pages.map((page, index) => {
    const [http, raw] = [figures[2 * index], figures[2 * index + 1]];
    return { page, http, raw, ratioP50: round(http.p50 / raw.p50) };
  });
  printTable(
    `12a. One ${PAGE_SIZE}-entry page of a ${HISTORY_ENTRIES.toLocaleString('en-GB')}-entry chronology, police user (${listed.toLocaleString('en-GB')} items listed, ` +
      `${lastPage} pages; seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    results.flatMap(({ page, http, raw }): [string, Figures][] => [
      [`HTTP GET .../chronology?page=${page}&pageSize=${PAGE_SIZE}`, http],
      [`raw pg query, LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`, raw],
    ]),
  );
  for (const { page, ratioP50 } of results) verdict(`page ${page}: ratio HTTP/raw (p50)`, `${ratioP50.toFixed(2)}x`, '<= 2x', ratioP50 <= 2);
  return { entries: HISTORY_ENTRIES, listed, pageSize: PAGE_SIZE, seedMs: round(seedMs), pages: results };
}

/** The page answers with as many items as the yardstick's page: the two are compared like for like. */
async function expectSamePage(testApp: TestApp, childId: string, headers: Record<string, string>, page: number, rawRows: number): Promise<void> {
  const response = await fetch(`${testApp.baseUrl}/api/children/${childId}/chronology?page=${page}&pageSize=${PAGE_SIZE}`, { headers });
  const body = (await response.json()) as { items: unknown[] };
  if (response.status !== 200 || body.items.length !== rawRows) {
    throw new Error(`Unexpected page ${page}: ${response.status}, ${body.items?.length} items where the raw query gives ${rawRows}`);
  }
}

/** A child with the long chronology ten times over: 20,000 entries. */
export async function childWithHistory(testApp: TestApp): Promise<{ childId: string; seedMs: number }> {
  const started = performance.now();
  const { childId } = await childWithLongChronology(testApp);
  await repeatChronology(testApp, childId);
  return { childId, seedMs: performance.now() - started };
}

/**
 * Grows the long chronology (2,000 entries) to ten times its length with copies of its own entries,
 * each copy dated 2,000 days after the one before: the same mix of agencies and sensitivity, in SQL,
 * without a second seeder. The columns are read from the catalogue so a new version column is copied too.
 */
async function repeatChronology(testApp: TestApp, childId: string): Promise<void> {
  const columns = await testApp.dataSource.query<{ name: string }[]>(
    `SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'chronology_entry_versions' AND column_name NOT IN ('id', 'entry_id', 'event_date', 'event_end_date')`,
  );
  const copied = columns.map(({ name }) => `v.${name}`).join(', ');
  // The new ids are drawn first so that the entries and their versions can name each other in one statement.
  await testApp.dataSource.query(
    `WITH copies AS MATERIALIZED (
       SELECT gen_random_uuid() AS id, e.id AS original, k * ${ENTRIES} AS shift FROM chronology_entries e CROSS JOIN generate_series(1, ${COPIES - 1}) k WHERE e.child_id = $1),
     entries AS (
       INSERT INTO chronology_entries (id, child_id, source_agency_id, author_id, recorded_at, status, current_version)
       SELECT c.id, e.child_id, e.source_agency_id, e.author_id, e.recorded_at, e.status, e.current_version FROM copies c JOIN chronology_entries e ON e.id = c.original)
     INSERT INTO chronology_entry_versions (entry_id, event_date, event_end_date, ${columns.map(({ name }) => name).join(', ')})
     SELECT c.id, v.event_date + c.shift, v.event_end_date + c.shift, ${copied} FROM copies c JOIN chronology_entry_versions v ON v.entry_id = c.original`,
    [childId],
  );
  await analyseEntryTables(testApp);
}
