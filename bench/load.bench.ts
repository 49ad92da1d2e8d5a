import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { obtainDevAccessToken } from '../src/dev-idp/dev-login';
import { createChildWithTeam, USERS, validEntry } from '../test/support/fixtures';
import { ServerProcess, startServerProcess } from '../test/support/server-process';
import type { TestApp } from '../test/support/test-app';
import { round, verdict } from './bench-support';

export const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
/** Out of every 100 requests: reads of a chronology and of single entries, new entries, printed chronologies. */
const MIX = { chronologyReads: 78, entryReads: 15, entryWrites: 6, exports: 1 };

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  duration: number;
}

/**
 * Sustained mixed load: 50 connections for 30 s from a separate process, against the compiled server
 * run as an operator runs it (its own process, on the same database), with one worker and with one per
 * core. Chronologies of 20 entries are read by three agencies' practitioners, entries are read
 * singly, a health visitor records entries (on another child, so reads do not grow), and 1 in 100
 * requests prints a chronology.
 */
export async function benchmarkMixedLoad(testApp: TestApp): Promise<Record<string, unknown>> {
  const load = await prepareMixedLoad(testApp);
  const results: Record<string, unknown> = { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, mix: MIX };
  for (const workers of [1, 2]) {
    const { server, tokens } = await startLoadServer(testApp, load, workers);
    try {
      const result = await runLoad({ url: server.baseUrl, connections: CONNECTIONS, duration: DURATION_SECONDS, requests: mixedRequests(tokens, load) });
      results[`workers${workers}`] = report(workers, result);
    } finally {
      await server.stop();
    }
  }
  return results;
}

/**
 * The compiled server in its own process, as an operator runs it, with `workers` workers and the
 * per-user rate limit off, once every worker listens; and the load's readers' tokens from its
 * development identity provider.
 */
export async function startLoadServer(testApp: TestApp, load: MixedLoad, workers: number): Promise<{ server: ServerProcess; tokens: Record<string, string> }> {
  const server = await startServerProcess(testApp, { WEB_CONCURRENCY: String(workers), RATE_LIMIT_API_PER_SECOND: '0' }, { built: true });
  try {
    // The first worker to listen answers the health check; the load starts when every worker listens.
    while (server.log().split('Listening on').length - 1 < workers) await new Promise((resolve) => setTimeout(resolve, 100));
    const tokens = Object.fromEntries(await Promise.all(load.readers.map(async (username) => [username, await obtainDevAccessToken(`${server.baseUrl}/idp`, username)] as const)));
    return { server, tokens };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export interface MixedLoad {
  readers: string[];
  readChild: string;
  writeChild: string;
  entryIds: string[];
}

/** Three agencies' practitioners on the teams of two children: one with 20 entries to read, one to write to. */
export async function prepareMixedLoad(testApp: TestApp): Promise<MixedLoad> {
  const readers = [USERS.healthVisitor, USERS.police, USERS.socialWorker];
  const team = readers.map((username) => ({ username, capacity: 'lead-professional' }));
  const readChild = await createChildWithTeam(testApp, team);
  const writeChild = await createChildWithTeam(testApp, team);
  const entryIds: string[] = [];
  const hv = await testApp.tokenFor(USERS.healthVisitor);
  for (let index = 0; index < 20; index += 1) {
    const response = await fetch(`${testApp.baseUrl}/api/children/${readChild}/entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hv}`, 'content-type': 'application/json' },
      body: JSON.stringify(validEntry({ eventDate: new Date(Date.UTC(2024, 0, 1 + index * 15)).toISOString().slice(0, 10), summary: `Visit ${index}: weighed and measured.` })),
    });
    entryIds.push(((await response.json()) as { id: string }).id);
  }
  return { readers, readChild, writeChild, entryIds };
}

/**
 * The cycle of 100 requests each connection walks, writes and the print spread through it. Without
 * exports (`withExports: false`) the print's place is left out: 99 requests.
 */
export function mixedRequests(tokens: Record<string, string>, { readChild, writeChild, entryIds }: MixedLoad, withExports = true): LoadRequest[] {
  const readers = Object.keys(tokens);
  const auth = (username: string) => ({ authorization: `Bearer ${tokens[username]}`, 'content-type': 'application/json' });
  const requests: LoadRequest[] = [];
  for (let index = 0; index < 100; index += 1) {
    const reader = readers[index % readers.length];
    if (index < MIX.chronologyReads) requests.push({ method: 'GET', path: `/api/children/${readChild}/chronology`, headers: auth(reader) });
    else if (index < MIX.chronologyReads + MIX.entryReads) requests.push({ method: 'GET', path: `/api/entries/${entryIds[index % entryIds.length]}`, headers: auth(reader) });
    else if (index < MIX.chronologyReads + MIX.entryReads + MIX.entryWrites) {
      requests.push({ method: 'POST', path: `/api/children/${writeChild}/entries`, headers: auth(USERS.healthVisitor), body: JSON.stringify(validEntry({ summary: `Load test entry ${index}` })) });
    } else {
      requests.push({
        method: 'POST',
        path: `/api/children/${readChild}/exports`,
        headers: auth(USERS.socialWorker),
        body: JSON.stringify({ audience: 'case-conference', purpose: 'Load test', producedFor: 'Conference members' }),
      });
    }
  }
  // Spread the writes and the print through the cycle each connection walks.
  const cycle = requests.map((request, index) => ({ request, key: (index * 37) % 100 })).sort((a, b) => a.key - b.key).map(({ request }) => request);
  return withExports ? cycle : cycle.filter((request) => !request.path.endsWith('/exports'));
}

function report(workers: number, result: AutocannonResult): Record<string, unknown> {
  const failures = result.errors + result.timeouts + result.non2xx;
  process.stdout.write(
    `\n5. Mixed load, ${CONNECTIONS} connections for ${DURATION_SECONDS} s, server with ${workers} worker${workers === 1 ? '' : 's'} (mix per 100: ${MIX.chronologyReads} chronology reads, ` +
      `${MIX.entryReads} entry reads, ${MIX.entryWrites} entry writes, ${MIX.exports} PDF export; per-user rate limit off for the run)\n` +
      `requests/s ${result.requests.average.toFixed(0)} (total ${result.requests.total}); latency p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, ` +
      `p99 ${result.latency.p99} ms, max ${result.latency.max} ms; errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx} ${JSON.stringify(result.statusCodeStats)}\n`,
  );
  verdict('throughput', `${result.requests.average.toFixed(0)} req/s`, '>= 800 req/s', result.requests.average >= 800);
  verdict('latency p99', `${result.latency.p99} ms`, '< 100 ms', result.latency.p99 < 100);
  verdict('errors', `${failures}`, '0', failures === 0);
  return {
    workers,
    requestsPerSecond: round(result.requests.average),
    total: result.requests.total,
    latency: result.latency,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: result.statusCodeStats,
  };
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export function runLoad(plan: object): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'load-client.ts')],
      { env: { ...process.env, LOAD_PLAN: JSON.stringify(plan) }, maxBuffer: 64 * 2 ** 20 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout) as AutocannonResult)),
    );
  });
}
