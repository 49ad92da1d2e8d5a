import { runMigrations } from '../database/migrate';

/**
 * `npm run migration:run`: the application's migrations and the job queue's schema, as the owner at
 * DATABASE_MIGRATION_URL (or DATABASE_URL): the release step of docs/deployment.md.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_MIGRATION_URL to the schema owner\'s connection');
  const applied = await runMigrations(url);
  process.stdout.write(applied.length > 0 ? `Migrations applied: ${applied.join(', ')}\n` : 'No migration was pending\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
