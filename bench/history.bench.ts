import { performance } from 'node:perf_hooks';
import { USERS } from '../test/support/fixtures';
import { childWithLongChronology, seedOtherChildren } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { analyseEntryTables, Figures, measureInterleaved, printTable, readBody, round, verdict } from './bench-support';
import { rawPoliceChronology } from './chronology.bench';

type RawPage = Awaited<ReturnType<typeof rawPoliceChronology>>;

const HISTORY_ENTRIES = 20_000;
const PAGE_SIZE = 100;
const ROUNDS = Number(process.env.BENCH_HISTORY_ROUNDS ?? 100);
/** The population measured against afterwards: children of a hundred entries, about the national average (section 10). */
const OTHER_CHILDREN = Number(process.env.BENCH_HISTORY_OTHER_CHILDREN ?? 2000);

/**
 * Cost grows with what is asked, not with history: one 100-entry page of a child with 20,000
 * entries, read by the police user over HTTP, against the raw query for the same page, for the
 * first page, a middle one and the last; and against the same raw query made to read the child's
 * rows before ordering them, as it must where the child is one of many. Beside them, the same first
 * page of a child whose whole chronology is that page: what a page costs with no history behind it,
 * which no paging design gets under. All eleven are interleaved.
 */
export async function benchmarkHistoryPages(testApp: TestApp): Promise<Record<string, unknown>> {
  // The long chronology's mix of agencies and sensitivity, one entry a day from 2019.
  const { childId, seedMs } = await childWithLongChronology(testApp, HISTORY_ENTRIES);
  const { childId: shortChildId } = await childWithLongChronology(testApp, PAGE_SIZE);
  await analyseEntryTables(testApp);

  const rawPage = await rawPoliceChronology(testApp, childId);
  const rawChildFirst = await rawPoliceChronology(testApp, childId, { childFirst: true });
  const listed = await rawPage(HISTORY_ENTRIES, 0);
  const lastPage = Math.ceil(listed / PAGE_SIZE);
  const pages = [1, Math.min(100, lastPage), lastPage];
  const headers = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };

  const httpPage = (page: number, child = childId) => {
    const url = `${testApp.baseUrl}/api/children/${child}/chronology?page=${page}&pageSize=${PAGE_SIZE}`;
    return async (): Promise<void> => {
      const { status } = await readBody(url, headers);
      if (status !== 200) throw new Error(`HTTP ${status} for page ${page}`);
    };
  };
  const rawOf = (query: typeof rawPage, page: number) => async (): Promise<void> => {
    await query(PAGE_SIZE, (page - 1) * PAGE_SIZE);
  };
  const rawShort = await rawPoliceChronology(testApp, shortChildId);
  for (const page of pages) await expectSamePage(testApp, childId, headers, page, await rawPage(PAGE_SIZE, (page - 1) * PAGE_SIZE));
  await expectSamePage(testApp, shortChildId, headers, 1, await rawShort(PAGE_SIZE, 0));

  const figures = await measureInterleaved(
    [...pages.flatMap((page) => [httpPage(page), rawOf(rawPage, page), rawOf(rawChildFirst, page)]), httpPage(1, shortChildId), rawOf(rawShort, 1)],
    ROUNDS,
  );
  const [noHistoryHttp, noHistoryRaw] = figures.slice(3 * pages.length);
  const results = pages.map((page, index) => {
    const [http, raw, rawChildRowsFirst] = figures.slice(3 * index, 3 * index + 3);
    return { page, http, raw, rawChildRowsFirst, ratioP50: round(http.p50 / raw.p50), ratioToChildRowsFirstP50: round(http.p50 / rawChildRowsFirst.p50) };
  });
  printTable(
    `12a. One ${PAGE_SIZE}-entry page of a ${HISTORY_ENTRIES.toLocaleString('en-GB')}-entry chronology, police user (${listed.toLocaleString('en-GB')} items listed, ` +
      `${lastPage} pages; seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    results.flatMap(({ page, http, raw, rawChildRowsFirst }): [string, Figures][] => [
      [`HTTP GET .../chronology?page=${page}&pageSize=${PAGE_SIZE}`, http],
      [`raw pg query, LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`, raw],
      [`  the same, the child's rows first (as among many children)`, rawChildRowsFirst],
    ]).concat([
      [`HTTP page 1 of a child with ${PAGE_SIZE} entries (no history)`, noHistoryHttp],
      [`raw pg query of that page`, noHistoryRaw],
    ]),
  );
  for (const { page, ratioP50, ratioToChildRowsFirstP50 } of results) {
    verdict(`page ${page}: ratio HTTP/raw (p50)`, `${ratioP50.toFixed(2)}x`, '<= 2x', ratioP50 <= 2);
    process.stdout.write(`  against the raw query reading the child's rows first: ${ratioToChildRowsFirstP50.toFixed(2)}x\n`);
  }
  // The floor: a page with nothing behind it, against the long chronology's first page as written.
  const floor = {
    http: noHistoryHttp,
    raw: noHistoryRaw,
    ratioToFirstPageRawP50: round(noHistoryHttp.p50 / results[0].raw.p50),
    historyCostP50: round(results[0].http.p50 / noHistoryHttp.p50),
  };
  process.stdout.write(
    `  page 1 with no history behind it: ${noHistoryHttp.p50.toFixed(1)} ms, ${floor.ratioToFirstPageRawP50.toFixed(2)}x the first page's raw query ` +
      `(what the page costs with nothing behind it); the 20,000 entries behind page 1 make it ${floor.historyCostP50.toFixed(2)}x that\n`,
  );
  const amongManyChildren = await measureAmongManyChildren(testApp, { httpPage, rawOf, rawPage, rawChildFirst, rawShort, shortChildId });
  return { entries: HISTORY_ENTRIES, listed, pageSize: PAGE_SIZE, seedMs: round(seedMs), pages: results, noHistory: floor, amongManyChildren };
}

/**
 * The same first pages again once the two children are among OTHER_CHILDREN others: the planner's
 * statistics are then a many-children database's, and with them its plans, for the server's
 * prepared statements (whether it plans them again on each request) and for the raw query (whether
 * walking the index on every version's date still finds this child's first page soonest). Reported
 * beside the measure, not instead of it.
 */
async function measureAmongManyChildren(
  testApp: TestApp,
  measures: {
    httpPage: (page: number, child?: string) => () => Promise<void>;
    rawOf: (query: RawPage, page: number) => () => Promise<void>;
    rawPage: RawPage;
    rawChildFirst: RawPage;
    rawShort: RawPage;
    shortChildId: string;
  },
): Promise<Record<string, unknown>> {
  const { httpPage, rawOf, rawPage, rawChildFirst, rawShort, shortChildId } = measures;
  const started = performance.now();
  await seedOtherChildren(testApp, OTHER_CHILDREN, PAGE_SIZE);
  await analyseEntryTables(testApp);
  const seedMs = performance.now() - started;
  const [http, raw, rawChildRowsFirst, noHistoryHttp, noHistoryRaw] = await measureInterleaved(
    [httpPage(1), rawOf(rawPage, 1), rawOf(rawChildFirst, 1), httpPage(1, shortChildId), rawOf(rawShort, 1)],
    ROUNDS,
  );
  printTable(
    `12a. The same first pages among ${OTHER_CHILDREN.toLocaleString('en-GB')} other children of ${PAGE_SIZE} entries (seeded in ${(seedMs / 1000).toFixed(1)} s)`,
    [
      [`HTTP GET .../chronology?page=1&pageSize=${PAGE_SIZE}, the 20,000-entry child`, http],
      [`raw pg query, LIMIT ${PAGE_SIZE} OFFSET 0`, raw],
      [`  the same, the child's rows first`, rawChildRowsFirst],
      [`HTTP page 1 of the child with ${PAGE_SIZE} entries`, noHistoryHttp],
      [`raw pg query of that page`, noHistoryRaw],
    ],
  );
  const figures = {
    otherChildren: OTHER_CHILDREN,
    http,
    raw,
    rawChildRowsFirst,
    noHistoryHttp,
    noHistoryRaw,
    ratioP50: round(http.p50 / raw.p50),
    ratioToChildRowsFirstP50: round(http.p50 / rawChildRowsFirst.p50),
    noHistoryRatioP50: round(noHistoryHttp.p50 / noHistoryRaw.p50),
    historyCostP50: round(http.p50 / noHistoryHttp.p50),
  };
  process.stdout.write(
    `  page 1 (20,000 entries): ${figures.ratioP50.toFixed(2)}x the raw query as written, ${figures.ratioToChildRowsFirstP50.toFixed(2)}x it reading the child's rows first; ` +
      `page 1 (${PAGE_SIZE} entries): ${figures.noHistoryRatioP50.toFixed(2)}x its raw query; the history makes page 1 ${figures.historyCostP50.toFixed(2)}x that\n`,
  );
  return figures;
}

/** The page answers with as many items as the yardstick's page: the two are compared like for like. */
async function expectSamePage(testApp: TestApp, childId: string, headers: Record<string, string>, page: number, rawRows: number): Promise<void> {
  const response = await fetch(`${testApp.baseUrl}/api/children/${childId}/chronology?page=${page}&pageSize=${PAGE_SIZE}`, { headers });
  const body = (await response.json()) as { items: unknown[] };
  if (response.status !== 200 || body.items.length !== rawRows) {
    throw new Error(`Unexpected page ${page}: ${response.status}, ${body.items?.length} items where the raw query gives ${rawRows}`);
  }
}
