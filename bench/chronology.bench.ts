import { Pool } from 'pg';
import { postgresPool } from '../src/database/postgres-pool';
import { USERS } from '../test/support/fixtures';
import { AUTHORS, ENTRIES } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { measureInterleaved, printTable, readBody, round, verdict } from './bench-support';

const ROUNDS = 200;

/**
 * The yardstick: the rows the police user gets back, written out rather than borrowed from the
 * application, so it stays put whatever the application does to its own query: every standard and
 * sensitive entry (read or shown as a dated marker) and its own restricted ones, in chronology
 * order, a page at a time, through the same process's pg pool and with no policy. Resolves to the
 * number of rows a page holds.
 *
 * `childFirst` reads the child's rows before ordering them, as PostgreSQL must for a child who is
 * one of many: in a scratch database that holds little but this child, it may instead walk the
 * index of every version's date and stop at the page, a path a database of a million children
 * does not offer (docs/performance.md, section 12a). `rowsAsArrays` takes the rows as the driver's
 * arrays instead of its objects: the cheapest form the driver offers, a second yardstick.
 */
export async function rawPoliceChronology(
  testApp: TestApp,
  childId: string,
  { childFirst = false, rowsAsArrays = false } = {},
): Promise<(limit: number, offset: number) => Promise<number>> {
  const pool: Pool = postgresPool(testApp.dataSource);
  const [{ policeAgencyId }] = await testApp.dataSource.query<{ policeAgencyId: string }[]>(
    `SELECT agency_id AS "policeAgencyId" FROM practitioners WHERE subject = $1`,
    [USERS.police],
  );
  // `+ 0` leaves the order as it is but takes the index on every version's date out of the planner's reach.
  const rawSql = `SELECT e.*, v.*, a.code, a.name, a.type, a.contact, au.name AS author_name, au.job_title, au.role,
           cb.name AS changed_by_name, cba.name AS changed_by_agency
      FROM chronology_entries e
      JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
      JOIN agencies a ON a.id = e.source_agency_id
      JOIN practitioners au ON au.id = e.author_id
      JOIN practitioners cb ON cb.id = v.changed_by_id
      JOIN agencies cba ON cba.id = cb.agency_id
     WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND (v.sensitivity <> 'restricted' OR e.source_agency_id = $2)
     ORDER BY v.event_date${childFirst ? ' + 0' : ''}, v.event_time NULLS FIRST, e.recorded_at, e.id LIMIT $3 OFFSET $4`;
  return async (limit, offset) => {
    const query = { text: rawSql, values: [childId, policeAgencyId, limit, offset] };
    const result = rowsAsArrays ? await pool.query({ ...query, rowMode: 'array' as const }) : await pool.query(query);
    return result.rowCount ?? 0;
  };
}

/**
 * The merged chronology of 2,000 entries read whole by a police user through the full access
 * policy, against a hand-written raw query of the same rows from the same process.
 */
export async function benchmarkChronology(testApp: TestApp, childId: string, seedMs: number): Promise<Record<string, unknown>> {
  const queryPage = await rawPoliceChronology(testApp, childId);
  const queryPageAsArrays = await rawPoliceChronology(testApp, childId, { rowsAsArrays: true });
  const expectedRows = await queryPage(ENTRIES, 0);

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
  const fetchChronology = async (): Promise<void> => {
    const { status, bytes } = await readBody(url, headers);
    responseBytes = bytes;
    if (status !== 200) throw new Error(`HTTP ${status}`);
  };
  const rawQuery = (query: typeof queryPage) => async (): Promise<void> => {
    const rowCount = await query(ENTRIES, 0);
    if (rowCount !== expectedRows) throw new Error(`raw query returned ${rowCount}`);
  };
  // What any server must do beyond the query before the first byte leaves: turn the response into JSON text and bytes.
  const serialiseResponse = async (): Promise<void> => {
    if (Buffer.byteLength(JSON.stringify(firstBody)) === 0) throw new Error('empty response');
  };
  const [httpFigures, raw, rawAsArrays, serialised] = await measureInterleaved(
    [fetchChronology, rawQuery(queryPage), rawQuery(queryPageAsArrays), serialiseResponse],
    ROUNDS,
  );

  const ratio = httpFigures.p50 / raw.p50;
  const ratioToArrays = httpFigures.p50 / rawAsArrays.p50;
  printTable(
    `1. Merged chronology, ${ENTRIES} entries from ${AUTHORS.length} agencies, police user (seeded in ${seedMs.toFixed(0)} ms; ` +
      `response ${(responseBytes / 1024).toFixed(0)} KiB: ${shape.whole} whole entries, ${shape.partlyWithheld} with fields withheld, ${shape.markers} withheld markers)`,
    [
      ['HTTP GET .../chronology (auth, policy, field filtering, audit, JSON)', httpFigures],
      ['raw pg query, same rows, no policy, same process', raw],
      ['the same raw query, rows as arrays (the driver at its cheapest)', rawAsArrays],
      ['the response alone turned into JSON bytes (a floor under any server)', serialised],
    ],
  );
  verdict('ratio HTTP/raw (p50)', `${ratio.toFixed(2)}x`, '<= 1.5x', ratio <= 1.5);
  const floor = (raw.p50 + serialised.p50) / raw.p50;
  process.stdout.write(`  the raw query plus serialising the response alone: ${floor.toFixed(2)}x the raw query\n`);
  process.stdout.write(`  HTTP against the raw query with rows as arrays: ${ratioToArrays.toFixed(2)}x\n`);
  return {
    entries: ENTRIES,
    agencies: AUTHORS.length,
    seedMs: round(seedMs),
    responseBytes,
    shape,
    http: httpFigures,
    raw,
    rawAsArrays,
    serialised,
    ratioP50: round(ratio),
    ratioToArraysP50: round(ratioToArrays),
    floorRatioP50: round(floor),
  };
}
