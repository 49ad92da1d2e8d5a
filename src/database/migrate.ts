import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';

/**
 * Runs the pending migrations as the role `url` signs in as: the schema owner, not the role the
 * server runs as (docs/deployment.md). Instances starting together take turns, so a migration is
 * never run twice.
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
    try {
      return (await dataSource.runMigrations()).map((migration) => migration.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
