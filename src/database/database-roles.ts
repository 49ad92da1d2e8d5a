import { Client } from 'pg';
import { quoteIdentifier, quoteLiteral } from './sql-identifier';

/** The role whose privileges the running server has (granted by the migrations); its login is a member. */
export const APP_ROLE = 'chronicle_app';

/**
 * Makes `login` a login role that is a member of chronicle_app, creating chronicle_app first if no
 * migration has yet. Used where this project provisions its own PostgreSQL (the embedded one, the
 * tests, the benchmarks); in production the database administrator creates the login
 * (docs/deployment.md). Roles are shared by every database of a server, so concurrent callers take
 * turns under an advisory lock in the database `adminUrl` names.
 */
export async function ensureRuntimeLogin(adminUrl: string, login: string, password: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended('chronicle:roles', 0))`);
    const existing = await client.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname = ANY($1)`, [[APP_ROLE, login]]);
    const names = new Set(existing.rows.map((row) => row.rolname));
    if (!names.has(APP_ROLE)) await client.query(`CREATE ROLE ${quoteIdentifier(APP_ROLE)} NOLOGIN`);
    if (!names.has(login)) await client.query(`CREATE ROLE ${quoteIdentifier(login)} LOGIN PASSWORD ${quoteLiteral(password)}`);
    await client.query(`GRANT ${quoteIdentifier(APP_ROLE)} TO ${quoteIdentifier(login)}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

/** The same server and database, signed in as another role. */
export function urlForLogin(databaseUrl: string, login: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = encodeURIComponent(login);
  url.password = encodeURIComponent(password);
  return url.href;
}
