import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { jobQueueInstalled, migrateJobQueue } from './job-queue-schema';

const INSUFFICIENT_PRIVILEGE = '42501';
/** How a missing job queue schema is named among the pending migrations. */
const JOB_QUEUE_PENDING = 'the job queue schema (graphile-worker)';

/** The database needs migrations the role at DATABASE_URL may not run, and no owner's connection was given. */
export class MigrationsPendingError extends Error {
  override name = 'MigrationsPendingError';
}

/**
 * Runs the pending migrations as the role `url` signs in as: the schema owner, not the role the
 * server runs as (docs/deployment.md), then graphile-worker's own for the job queue (src/jobs).
 * Instances starting together take turns, so a migration is never run twice. Returns the
 * application's migrations that ran.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  // A lost connection surfaces through the query awaiting it; the event alone must not end the process.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    // Session-level, on a connection of its own: held while the migrations run on others.
    await lock.query(`SELECT pg_advisory_lock(hashtextextended('chronicle:migrations', 0))`);
    const dataSource = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, migrationsTransactionMode: 'each', synchronize: false });
    await dataSource.initialize();
    let applied: string[];
    try {
      applied = (await dataSource.runMigrations()).map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
    await migrateJobQueue(url);
    return applied;
  } finally {
    await lock.end();
  }
}

/**
 * The migrations of this build that the database at `url` has not run, in order, and the job queue's
 * schema when it is missing. Reads TypeORM's `migrations` table and the catalogue only, which the
 * server's own role may read (granted by the migrations), so a server that holds no owner's
 * credentials can tell whether it may start.
 */
export async function pendingMigrations(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const [{ present }] = (await client.query<{ present: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS present`)).rows;
    const applied = present ? (await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((row) => row.name) : [];
    const pending = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name).filter((name) => !applied.includes(name));
    return (await jobQueueInstalled(client)) ? pending : [...pending, JOB_QUEUE_PENDING];
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL alone. In production that is the server's own login, which may not migrate; it only
 * looks, and starts when nothing is pending (the migrations were run separately, as the owner).
 * Where something is pending it tries, as a developer's DATABASE_URL may be the owner's, and when
 * the role may not, says what to do instead.
 */
export async function migrateWithServerRole(url: string): Promise<string[]> {
  let pending: string[] | null = null;
  try {
    pending = await pendingMigrations(url);
    return pending.length === 0 ? [] : await runMigrations(url);
  } catch (error) {
    if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw error;
    const role = decodeURIComponent(new URL(url).username) || 'the default user';
    throw new MigrationsPendingError(
      `The database needs migrations${pending ? ` (${pending.join(', ')})` : ''} that the role at DATABASE_URL (${role}) may not run: ${(error as Error).message}. ` +
        'Run them as the schema owner: set DATABASE_MIGRATION_URL to the owner\'s connection (the server then migrates before it starts), ' +
        'or run `DATABASE_MIGRATION_URL=<owner> npm run migration:run` before starting the server with DATABASE_URL alone. See docs/deployment.md.',
    );
  }
}
