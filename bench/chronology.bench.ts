import { Pool } from 'pg';
import { postgresPool } from '../src/database/postgres-pool';
import { USERS } from '../test/support/fixtures';
import { AUTHORS, ENTRIES } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { measureInterleaved, printTable, readBody, round, verdict } from './bench-support';
import { rawPoliceChronology } from './raw-chronology';

const ROUNDS = 200;

/**
 * The merged chronology of 2,000 entries read whole by a police user through the full access
 * policy, against a hand-written raw query of the same rows from the same process.
 */
export async function benchmarkChronology(testApp: TestApp, childId: string, seedMs: number): Promise<Record<string, unknown>> {
  const pool: Pool = postgresPool(testApp.dataSource);
  const rawPage = await rawPoliceChronology(testApp, pool, childId);
  const expectedRows = await rawPage(ENTRIES);

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
  const queryRaw = async (): Promise<void> => {
    const rowCount = await rawPage(ENTRIES);
    if (rowCount !== expectedRows) throw new Error(`raw query returned ${rowCount}`);
  };
  const [httpFigures, raw] = await measureInterleaved([fetchChronology, queryRaw], ROUNDS);

  const ratio = httpFigures.p50 / raw.p50;
  printTable(
    `1. Merged chronology, ${ENTRIES} entries from ${AUTHORS.length} agencies, police user (seeded in ${seedMs.toFixed(0)} ms; ` +
      `response ${(responseBytes / 1024).toFixed(0)} KiB: ${shape.whole} whole entries, ${shape.partlyWithheld} with fields withheld, ${shape.markers} withheld markers)`,
    [
      ['HTTP GET .../chronology (auth, policy, field filtering, audit, JSON)', httpFigures],
      ['raw pg query, same rows, no policy, same process', raw],
    ],
  );
  verdict('ratio HTTP/raw (p50)', `${ratio.toFixed(2)}x`, '<= 2x', ratio <= 2);
  return { entries: ENTRIES, agencies: AUTHORS.length, seedMs: round(seedMs), responseBytes, shape, http: httpFigures, raw, ratioP50: round(ratio) };
}
