import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Client, Pool, PoolClient, QueryResult } from 'pg';
import { urlForLogin } from '../src/database/database-roles';
import { postgresPool } from '../src/database/postgres-pool';
import { TEST_RUNTIME_LOGIN, TestApp } from '../test/support/test-app';
import { figuresOf, median, round, verdict } from './bench-support';
import { CONNECTIONS, LoadRequest, mixedRequests, prepareMixedLoad, runLoad, startLoadServer } from './load.bench';

const SECONDS = Number(process.env.BENCH_LIMIT_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_LIMIT_ROUNDS ?? 5);
/** By default the server's own pool size (src/database/database.module.ts): the replay uses no more connections than the server has. */
const POOL_SIZE = Number(process.env.BENCH_LIMIT_POOL ?? 20);

interface Statement {
  text: string;
  values: unknown[];
  /** The prepared statement's name, when the server prepares it. */
  name?: string;
  /** 'array' where the server takes the rows as arrays (src/database/prepared-query.ts): the replay takes them as the server did. */
  rowMode?: 'array';
  /** What the database answered, so that values it generated (a new entry's id) can be followed into later statements: objects, or arrays in the array row mode. */
  rows: (Record<string, unknown> | unknown[])[];
}

interface CapturedRequest {
  kind: 'chronology read' | 'entry read' | 'entry write';
  statements: Statement[];
}

/**
 * The limit: what the database and a minimal client can do with the statements the mixed load's
 * requests make, without the server. Each request of the load's cycle (exports counted apart) is
 * sent once to the in-process server while its pg connections record what they send; then
 * 50 loops replay those statements, request by request, on a pool of the server's size, and the
 * compiled server takes the same cycle from autocannon with 50 connections. Replay and server
 * alternate, ROUNDS times each, so a slow patch on the shared machine hits both.
 */
export async function benchmarkLimit(testApp: TestApp): Promise<Record<string, unknown>> {
  const load = await prepareMixedLoad(testApp);
  const tokens = Object.fromEntries(await Promise.all(load.readers.map(async (username) => [username, await testApp.tokenFor(username)] as const)));
  const cycle = mixedRequests(tokens, load, false);
  await captureCycle(testApp, cycle); // warm: caches filled, statements prepared
  const captured = await captureCycle(testApp, cycle);
  const perKind = statementsPerKind(captured);

  const replayPool = new Pool({ connectionString: urlForLogin(testApp.databaseUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password), max: POOL_SIZE });
  const { server, tokens: serverTokens } = await startLoadServer(testApp, load, 1);
  const rounds: { limit: Replay; server: ServerRun }[] = [];
  try {
    const serverCycle = mixedRequests(serverTokens, load, false);
    // Both sides warmed before measuring: the replay's connections and prepared statements, the server's JIT and pool.
    await replay(replayPool, captured, 3);
    await runLoad({ url: server.baseUrl, connections: CONNECTIONS, duration: 3, requests: serverCycle });
    for (let index = 0; index < ROUNDS; index += 1) {
      const limit = await replay(replayPool, captured, SECONDS);
      const serverCpuBefore = processCpuMs(server.pid);
      const result = await runLoad({ url: server.baseUrl, connections: CONNECTIONS, duration: SECONDS, requests: serverCycle });
      const run: ServerRun = {
        requestsPerSecond: round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors + result.timeouts + result.non2xx,
        cpuMsPerRequest: round((processCpuMs(server.pid) - serverCpuBefore) / result.requests.total),
      };
      rounds.push({ limit, server: run });
      process.stdout.write(
        `  round ${index + 1}: limit ${limit.requestsPerSecond} req/s (p50 ${limit.p50} ms, p99 ${limit.p99} ms, ${limit.errors} errors); ` +
          `server ${run.requestsPerSecond} req/s (p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.errors} errors): ${((run.requestsPerSecond / limit.requestsPerSecond) * 100).toFixed(0)}%; ` +
          `CPU a request: replay client ${limit.cpuMsPerRequest} ms, server ${run.cpuMsPerRequest} ms\n`,
      );
    }
  } finally {
    await server.stop();
    await replayPool.end();
  }
  const fraction = median(rounds.map((r) => r.server.requestsPerSecond / r.limit.requestsPerSecond));
  const last = rounds[rounds.length - 1];
  process.stdout.write(
    `\n1. The limit: the mixed load's statements replayed without the server (${CONNECTIONS} loops, a pool of ${POOL_SIZE}, ${SECONDS} s x ${ROUNDS}, ` +
      `alternating with the compiled server under autocannon; exports left out of both)\n`,
  );
  for (const [kind, figures] of Object.entries(perKind)) process.stdout.write(`  ${kind}: ${figures.statements} statements, ${figures.transactions} transaction(s)\n`);
  const serverCpu = median(rounds.map((r) => r.server.cpuMsPerRequest));
  const clientCpu = median(rounds.map((r) => r.limit.cpuMsPerRequest));
  process.stdout.write(`  CPU a request (median of rounds): server ${serverCpu} ms, the replay's client ${clientCpu} ms\n`);
  verdict('server as a fraction of the limit (median of rounds)', `${(fraction * 100).toFixed(0)}%`, '>= 60%', fraction >= 0.6);
  verdict('server p99 / p50 (last round)', `${(last.server.p99 / last.server.p50).toFixed(1)}x`, '<= 4x', last.server.p99 <= 4 * last.server.p50);
  verdict('server errors (all rounds)', `${rounds.reduce((sum, r) => sum + r.server.errors, 0)}`, '0', rounds.every((r) => r.server.errors === 0));
  return { connections: CONNECTIONS, poolSize: POOL_SIZE, seconds: SECONDS, statementsPerRequest: perKind, rounds, fractionOfLimit: round(fraction), cpuMsPerRequest: { server: serverCpu, replayClient: clientCpu } };
}

/** Sends each request of the cycle to the in-process server, one at a time, and keeps the statements its pool's connections sent for it. */
async function captureCycle(testApp: TestApp, cycle: LoadRequest[]): Promise<CapturedRequest[]> {
  const pool = postgresPool(testApp.dataSource) as Pool & { _clients: Client[] };
  const original = Client.prototype.query;
  let current: Statement[] = [];
  // Only the server's request pool: the job queue's and other pools' connections go about their own business.
  Client.prototype.query = function (this: Client, config: unknown, values?: unknown, callback?: unknown) {
    if (!pool._clients.includes(this)) return (original as (...args: unknown[]) => unknown).call(this, config, values, callback);
    const query = typeof config === 'string' ? { text: config, values } : (config as { text: string; values?: unknown; name?: string; rowMode?: 'array' });
    const statement: Statement = {
      text: query.text,
      values: (query.values ?? (Array.isArray(values) ? values : [])) as unknown[],
      name: query.name,
      rowMode: 'rowMode' in query ? query.rowMode : undefined,
      rows: [],
    };
    current.push(statement);
    const keep = (result: QueryResult | undefined) => (statement.rows = result?.rows ?? []);
    if (typeof callback === 'function' || typeof values === 'function') {
      const done = (typeof callback === 'function' ? callback : values) as (error: Error | null, result?: QueryResult) => void;
      const args = typeof callback === 'function' ? [config, values] : [config];
      return (original as (...args: unknown[]) => unknown).call(this, ...args, (error: Error | null, result?: QueryResult) => {
        keep(result);
        done(error, result);
      });
    }
    const pending = (original as (...args: unknown[]) => Promise<QueryResult>).call(this, config, values);
    return pending.then((result) => {
      keep(result);
      return result;
    });
  } as typeof Client.prototype.query;
  try {
    const captured: CapturedRequest[] = [];
    for (const request of cycle) {
      current = [];
      const response = await fetch(`${testApp.baseUrl}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`${request.method} ${request.path}: HTTP ${response.status}`);
      const kind = request.method === 'POST' ? 'entry write' : request.path.endsWith('/chronology') ? 'chronology read' : 'entry read';
      captured.push({ kind, statements: current });
    }
    return captured;
  } finally {
    Client.prototype.query = original;
  }
}

function statementsPerKind(captured: CapturedRequest[]): Record<string, { statements: number; transactions: number; texts: string[] }> {
  const perKind: Record<string, { statements: number; transactions: number; texts: string[] }> = {};
  for (const { kind, statements } of captured) {
    perKind[kind] ??= {
      statements: statements.length,
      transactions: statements.filter((statement) => /^(START TRANSACTION|BEGIN)/i.test(statement.text.trim())).length,
      texts: statements.map((statement) => statement.text.replace(/\s+/g, ' ').trim().slice(0, 100)),
    };
  }
  return perKind;
}

interface Replay {
  requestsPerSecond: number;
  /** The replaying process's own CPU, a request: what a minimal client costs, against the server's below. */
  cpuMsPerRequest: number;
  requests: number;
  p50: number;
  p99: number;
  errors: number;
}

interface ServerRun {
  requestsPerSecond: number;
  /** The server process's CPU (user and system), a request: unlike req/s, hardly moved by other work on the machine. */
  cpuMsPerRequest: number;
  p50: number;
  p99: number;
  errors: number;
}

/**
 * 50 loops, each walking the captured cycle from its start as autocannon's connections do; a request
 * takes a connection, sends its statements one after another and gives it back. An id made while
 * the server made the request (the new entry's, made by the server before its INSERT, or by the
 * database) is replaced, in that statement and later ones, by one made now (only writes' answers are
 * followed: reads' would cost the replay's own CPU for nothing). A statement that fails makes the
 * limit meaningless (a failed write is cheaper than a made one), so the benchmark stops there.
 */
async function replay(pool: Pool, captured: CapturedRequest[], seconds: number): Promise<Replay> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const loop = async (): Promise<void> => {
    for (let index = 0; performance.now() < until; index = (index + 1) % captured.length) {
      const started = performance.now();
      const client = await pool.connect();
      try {
        await replayRequest(client, captured[index].statements);
        latencies.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
        await client.query('ROLLBACK').catch(() => undefined);
      } finally {
        client.release();
      }
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  const cpu = process.cpuUsage(cpuBefore);
  if (firstError !== undefined) throw new Error(`The replay's statements failed ${errors} times (first: ${firstError}): the limit is not measured`);
  const elapsed = (performance.now() - started) / 1000;
  const figures = figuresOf(latencies);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { requestsPerSecond: round(latencies.length / elapsed), cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / latencies.length), requests: latencies.length, p50: figures.p50, p99: round(sorted[Math.floor(0.99 * sorted.length)] ?? 0), errors };
}

async function replayRequest(client: PoolClient, statements: Statement[]): Promise<void> {
  const generated = new Map<unknown, unknown>();
  const seen = new Set<unknown>();
  for (const statement of statements) {
    // A write is an INSERT or UPDATE, alone or as a data-modifying WITH (a new entry and its version); a chronology page's WITH only reads.
    const writes = /^\s*(WITH\s+\w+\s+AS\s*\(\s*)?(INSERT|UPDATE)\b/i.test(statement.text);
    // An id the server made for this request (a new entry's, made before its INSERT) is first seen in a write: each replay makes its own.
    if (writes) for (const value of flat(statement.values)) if (isUuid(value) && !seen.has(value) && !generated.has(value)) generated.set(value, randomUUID());
    for (const value of flat(statement.values)) seen.add(value);
    const values = statement.values.map((value) => substitute(value, generated));
    const config = { name: statement.name, text: statement.text, values };
    const rows: (Record<string, unknown> | unknown[])[] = (statement.rowMode ? await client.query({ ...config, rowMode: statement.rowMode }) : await client.query(config)).rows;
    if (!writes) continue;
    statement.rows.forEach((row, rowIndex) => {
      // A column is a name in an object and a position in an array; Object.entries gives either as the key to look the replay's value up by.
      for (const [column, value] of Object.entries(row)) if (typeof value === 'string') generated.set(value, (rows[rowIndex] as Record<string, unknown> | undefined)?.[column]);
    });
  }
}

function flat(values: unknown[]): unknown[] {
  return values.flatMap((value) => (Array.isArray(value) ? flat(value) : [value]));
}

function isUuid(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function substitute(value: unknown, generated: Map<unknown, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, generated));
  return generated.has(value) ? generated.get(value) : value;
}

/** User and system CPU a process has used, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // After the command: state is field 3, utime field 14 and stime field 15 of the whole line.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
