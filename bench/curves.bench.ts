import * as path from 'node:path';
import { USERS } from '../test/support/fixtures';
import { childWithLongChronology } from '../test/support/long-chronology';
import type { TestApp } from '../test/support/test-app';
import { Figures, measureInterleaved, median, readBody, round } from './bench-support';
import { writeLineChart } from './chart';
import { rawPoliceChronology } from './chronology.bench';
import { CONNECTIONS, MixedLoad, mixedRequests, prepareMixedLoad, runLoad, startLoadServer } from './load.bench';

const SIZES = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000];
/** The chronology's largest page (`pageSize` in src/chronology/dto/chronology.query.ts): longer chronologies are read page by page. */
const MAX_PAGE_SIZE = 2000;
const CONNECTION_COUNTS = [1, 2, 5, 10, 20, 50, 100];
const WORKER_COUNTS = (process.env.BENCH_CURVES_WORKERS ?? '1,2,4').split(',').map(Number);
/**
 * Connections a server process may open (docs/deployment.md): 20 for requests, 4 for refusals and
 * sign-in events, 4 for the job queue. A server whose workers could open more than the database has
 * free is not started: its requests would fail for want of a connection, and so would other users'
 * of the same PostgreSQL.
 */
const CONNECTIONS_PER_PROCESS = 28;
/** How long each point of the throughput curves runs, each time it is measured. */
const SECONDS = Number(process.env.BENCH_CURVES_SECONDS ?? 5);
/** How many times each throughput curve is measured, alternately up and down its points; a point is the median. */
const SWEEPS = Number(process.env.BENCH_CURVES_SWEEPS ?? 3);
const WARMUP_SECONDS = 3;
const IMAGES = path.join(__dirname, '..', 'docs', 'images', 'performance');

interface SizePoint {
  entries: number;
  /** What the police user gets back: the entries it may see, whole, in part or as dated markers. */
  items: number;
  pages: number;
  responseBytes: number;
  rounds: number;
  http: Figures;
  raw: Figures;
  ratioP50: number;
}

interface LoadRun {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Requests that failed: socket errors, timeouts and answers other than 2xx. */
  failures: number;
  /** How many answers of each status (autocannon's count), to tell refusals from errors. */
  statusCodes: Record<string, number>;
}

/** The medians of a point's sweeps, and each sweep's figures. */
interface LoadPoint extends LoadRun {
  connections: number;
  workers: number;
  sweeps: LoadRun[];
}

/**
 * Three curves, each drawn as an SVG in docs/images/performance/: the chronology's latency against
 * its size, and the mixed load's throughput against connections and against workers.
 */
export async function benchmarkCurves(testApp: TestApp): Promise<Record<string, unknown>> {
  const bySize: SizePoint[] = [];
  for (const entries of SIZES) bySize.push(await latencyAtSize(testApp, entries));
  printSizes(bySize);

  const load = await prepareMixedLoad(testApp);
  const byConnections = await throughputByConnections(testApp, load);
  printLoad(`Mixed load against connections: one worker, ${SECONDS} s a point, median of ${SWEEPS} sweeps`, byConnections);
  const freeSlots = await freeConnectionSlots(testApp);
  const workerCounts = WORKER_COUNTS.filter((workers) => workers * CONNECTIONS_PER_PROCESS <= freeSlots);
  const skippedWorkers = WORKER_COUNTS.filter((workers) => !workerCounts.includes(workers));
  const byWorkers = await throughputByWorkers(testApp, load, workerCounts);
  printLoad(`Mixed load against workers (WEB_CONCURRENCY): ${CONNECTIONS} connections, ${SECONDS} s a point, median of ${SWEEPS} sweeps`, byWorkers);
  for (const workers of skippedWorkers) {
    process.stdout.write(
      `  ${workers} workers not measured: they may open ${workers * CONNECTIONS_PER_PROCESS} connections (${CONNECTIONS_PER_PROCESS} each) and PostgreSQL has ${freeSlots} free ` +
        `(max_connections less its reserved slots and the connections open now)\n`,
    );
  }

  const images = await drawCurves(bySize, byConnections, byWorkers);
  process.stdout.write(`\nCurves drawn: ${images.map((file) => path.relative(path.join(__dirname, '..'), file)).join(', ')}\n`);
  return { maxPageSize: MAX_PAGE_SIZE, loadSeconds: SECONDS, sweeps: SWEEPS, bySize, byConnections, byWorkers, skippedWorkers: { workers: skippedWorkers, freeConnectionSlots: freeSlots } };
}

/** Fewer rounds as the chronology grows, so that each size takes seconds: a 200-entry read takes milliseconds, a 20,000-entry one seconds. */
function roundsFor(entries: number): { rounds: number; warmup: number } {
  const rounds = Math.min(200, Math.max(10, Math.floor(100_000 / entries)));
  return { rounds, warmup: Math.max(2, Math.floor(rounds / 10)) };
}

/**
 * A police user reads a chronology of `entries` entries whole over HTTP, as section 1 does,
 * interleaved with the same rows from the raw query. Past the largest page both read it page by
 * page, the raw query with the same LIMIT and OFFSET as the server's.
 */
async function latencyAtSize(testApp: TestApp, entries: number): Promise<SizePoint> {
  const { childId } = await childWithLongChronology(testApp, entries);
  const queryPage = await rawPoliceChronology(testApp, childId);
  const items = await queryPage(entries, 0);
  const pageSize = Math.min(entries, MAX_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(items / pageSize));
  const pageNumbers = Array.from({ length: pages }, (_, index) => index + 1);
  const urlOf = (page: number) => `${testApp.baseUrl}/api/children/${childId}/chronology?page=${page}&pageSize=${pageSize}`;
  const headers = { authorization: `Bearer ${await testApp.tokenFor(USERS.police)}` };

  let httpItems = 0;
  for (const page of pageNumbers) {
    const response = await fetch(urlOf(page), { headers });
    if (response.status !== 200) throw new Error(`Chronology page ${page} of ${entries} entries: HTTP ${response.status}`);
    httpItems += ((await response.json()) as { items: unknown[] }).items.length;
  }
  if (httpItems !== items) throw new Error(`The chronology of ${entries} entries gave ${httpItems} items over HTTP where the raw query gives ${items}`);

  let responseBytes = 0;
  const readHttp = async (): Promise<void> => {
    responseBytes = 0;
    for (const page of pageNumbers) {
      const { status, bytes } = await readBody(urlOf(page), headers);
      if (status !== 200) throw new Error(`HTTP ${status}`);
      responseBytes += bytes;
    }
  };
  const readRaw = async (): Promise<void> => {
    let rows = 0;
    for (const page of pageNumbers) rows += await queryPage(pageSize, (page - 1) * pageSize);
    if (rows !== items) throw new Error(`raw query returned ${rows}`);
  };
  const { rounds, warmup } = roundsFor(entries);
  const [http, raw] = await measureInterleaved([readHttp, readRaw], rounds, warmup);
  const point = { entries, items, pages, responseBytes, rounds, http, raw, ratioP50: round(http.p50 / raw.p50) };
  process.stdout.write(`  ${entries} entries: HTTP p50 ${http.p50} ms, raw p50 ${raw.p50} ms, ${point.ratioP50}x (${rounds} rounds)\n`);
  return point;
}

/**
 * One server with one worker, each sweep walking the connection counts up or down (alternately,
 * so a slow patch on the shared machine does not always fall on the same end of the curve).
 */
async function throughputByConnections(testApp: TestApp, load: MixedLoad): Promise<LoadPoint[]> {
  const sweeps = new Map<number, LoadRun[]>(CONNECTION_COUNTS.map((connections) => [connections, []]));
  await withLoadServer(testApp, load, 1, async (runAt) => {
    for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
      for (const connections of alternating(CONNECTION_COUNTS, sweep)) sweeps.get(connections)?.push(await runAt(connections));
    }
  });
  return CONNECTION_COUNTS.map((connections) => pointOf(connections, 1, sweeps.get(connections) ?? []));
}

/** A server of each size in turn at the load's 50 connections, the order alternating between sweeps. */
async function throughputByWorkers(testApp: TestApp, load: MixedLoad, workerCounts: number[]): Promise<LoadPoint[]> {
  const sweeps = new Map<number, LoadRun[]>(workerCounts.map((workers) => [workers, []]));
  for (let sweep = 0; sweep < SWEEPS; sweep += 1) {
    for (const workers of alternating(workerCounts, sweep)) {
      await withLoadServer(testApp, load, workers, async (runAt) => {
        sweeps.get(workers)?.push(await runAt(CONNECTIONS));
      });
    }
  }
  return workerCounts.map((workers) => pointOf(CONNECTIONS, workers, sweeps.get(workers) ?? []));
}

/** Client connections PostgreSQL would still accept from a non-superuser. */
async function freeConnectionSlots(testApp: TestApp): Promise<number> {
  const [{ free }] = await testApp.dataSource.query<{ free: number }[]>(
    `SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int
            - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS free`,
  );
  return free;
}

/**
 * The compiled server with `workers` workers, warmed with the load for a few seconds, for
 * `measure` to run the mixed load (exports left out, as in the limit) at given numbers of
 * connections; stopped afterwards.
 */
async function withLoadServer(testApp: TestApp, load: MixedLoad, workers: number, measure: (runAt: (connections: number) => Promise<LoadRun>) => Promise<void>): Promise<void> {
  const { server, tokens } = await startLoadServer(testApp, load, workers);
  try {
    const requests = mixedRequests(tokens, load, false);
    await runLoad({ url: server.baseUrl, connections: CONNECTIONS, duration: WARMUP_SECONDS, requests });
    await measure(async (connections) => {
      const result = await runLoad({ url: server.baseUrl, connections, duration: SECONDS, requests });
      return {
        requestsPerSecond: round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        failures: result.errors + result.timeouts + result.non2xx,
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([status, { count }]) => [status, count])),
      };
    });
  } finally {
    await server.stop();
  }
}

function alternating<T>(values: T[], sweep: number): T[] {
  return sweep % 2 === 0 ? values : [...values].reverse();
}

function pointOf(connections: number, workers: number, sweeps: LoadRun[]): LoadPoint {
  return {
    connections,
    workers,
    requestsPerSecond: median(sweeps.map((run) => run.requestsPerSecond)),
    p50: median(sweeps.map((run) => run.p50)),
    p99: median(sweeps.map((run) => run.p99)),
    failures: sweeps.reduce((sum, run) => sum + run.failures, 0),
    statusCodes: sweeps.reduce<Record<string, number>>((total, run) => {
      for (const [status, count] of Object.entries(run.statusCodes)) total[status] = (total[status] ?? 0) + count;
      return total;
    }, {}),
    sweeps,
  };
}

async function drawCurves(bySize: SizePoint[], byConnections: LoadPoint[], byWorkers: LoadPoint[]): Promise<string[]> {
  const loadPanels = (points: LoadPoint[], x: (point: LoadPoint) => number) => [
    { yTitle: 'throughput (requests/s)', series: [{ name: 'requests/s', points: points.map((point) => ({ x: x(point), y: point.requestsPerSecond })) }] },
    {
      yTitle: 'latency (ms, log scale)',
      yLog: true,
      series: [
        { name: 'p50 latency', points: points.map((point) => ({ x: x(point), y: point.p50 })) },
        { name: 'p99 latency', points: points.map((point) => ({ x: x(point), y: point.p99 })) },
      ],
    },
  ];
  return Promise.all([
    writeLineChart(path.join(IMAGES, 'latency-by-size.svg'), {
      title: 'Whole chronology read by a police user: p50 latency against size',
      xTitle: 'entries in the chronology (log scale)',
      xLog: true,
      xTicks: SIZES,
      panels: [
        {
          yTitle: 'p50 latency (ms, log scale)',
          yLog: true,
          series: [
            { name: 'HTTP (policy, audit, JSON)', points: bySize.map((point) => ({ x: point.entries, y: point.http.p50 })) },
            { name: 'raw query, same rows', points: bySize.map((point) => ({ x: point.entries, y: point.raw.p50 })) },
          ],
        },
        { yTitle: 'HTTP / raw (p50)', series: [{ name: 'ratio HTTP / raw', points: bySize.map((point) => ({ x: point.entries, y: point.ratioP50 })) }] },
      ],
    }),
    writeLineChart(path.join(IMAGES, 'throughput-by-connections.svg'), {
      title: 'Mixed load, one worker: throughput and latency against connections',
      xTitle: 'concurrent connections (log scale)',
      xLog: true,
      xTicks: CONNECTION_COUNTS,
      panels: loadPanels(byConnections, (point) => point.connections),
    }),
    writeLineChart(path.join(IMAGES, 'throughput-by-workers.svg'), {
      title: `Mixed load, ${CONNECTIONS} connections: throughput and latency against workers`,
      xTitle: 'server workers (WEB_CONCURRENCY)',
      xTicks: byWorkers.map((point) => point.workers),
      panels: loadPanels(byWorkers, (point) => point.workers),
    }),
  ]);
}

function printSizes(points: SizePoint[]): void {
  process.stdout.write(`\n11. Latency against chronology size: police user, whole chronology (pages of up to ${MAX_PAGE_SIZE}) over HTTP and the raw query, interleaved\n`);
  process.stdout.write(`${'entries'.padStart(8)} ${'items'.padStart(7)} ${'pages'.padStart(5)} ${'KiB'.padStart(7)} ${'rounds'.padStart(6)} ${'HTTP p50'.padStart(9)} ${'raw p50'.padStart(9)} ${'ratio'.padStart(6)}\n`);
  for (const point of points) {
    process.stdout.write(
      `${String(point.entries).padStart(8)} ${String(point.items).padStart(7)} ${String(point.pages).padStart(5)} ${(point.responseBytes / 1024).toFixed(0).padStart(7)} ` +
        `${String(point.rounds).padStart(6)} ${point.http.p50.toFixed(2).padStart(9)} ${point.raw.p50.toFixed(2).padStart(9)} ${point.ratioP50.toFixed(2).padStart(6)}\n`,
    );
  }
}

function printLoad(title: string, points: LoadPoint[]): void {
  process.stdout.write(`\n11. ${title} (exports left out; per-user rate limit off; failures summed over the sweeps)\n`);
  process.stdout.write(`${'workers'.padStart(7)} ${'connections'.padStart(11)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(6)}  req/s of each sweep; answers not 2xx\n`);
  for (const point of points) {
    const refused = Object.entries(point.statusCodes).filter(([status]) => !status.startsWith('2'));
    process.stdout.write(
      `${String(point.workers).padStart(7)} ${String(point.connections).padStart(11)} ${point.requestsPerSecond.toFixed(0).padStart(7)} ` +
        `${String(point.p50).padStart(7)} ${String(point.p99).padStart(7)} ${String(point.failures).padStart(6)}  ${point.sweeps.map((run) => run.requestsPerSecond.toFixed(0)).join(', ')}` +
        `${refused.length > 0 ? `; ${refused.map(([status, count]) => `${count} x ${status}`).join(', ')}` : ''}\n`,
    );
  }
}
