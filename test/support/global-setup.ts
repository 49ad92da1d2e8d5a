import * as path from 'node:path';
import { startEmbeddedDatabase } from '../../src/database/embedded-database';

/**
 * End-to-end tests need a real PostgreSQL. CI points DATABASE_URL at one; on a machine with none
 * configured, the embedded PostgreSQL 15 is started for the run, so `npm test` needs no setup.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = path.resolve(__dirname, '..', '..', '.data', 'test-postgres');
  const database = await startEmbeddedDatabase(dataDir, Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54330), 'postgres');
  process.env.DATABASE_URL = database.url;
  (globalThis as { stopEmbeddedTestDatabase?: () => Promise<void> }).stopEmbeddedTestDatabase = database.stop;
}
