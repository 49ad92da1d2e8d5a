import { AppConfig } from '../config/app-config';
import { RunningDatabase, startEmbeddedDatabase } from './embedded-database';

export const EMBEDDED_DATABASE_NAME = 'chronicle';

/** DATABASE_URL when configured; otherwise the embedded PostgreSQL kept under .data/. */
export async function provideDatabase(config: AppConfig): Promise<RunningDatabase> {
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  return startEmbeddedDatabase(config.database.embeddedDir, config.database.embeddedPort, EMBEDDED_DATABASE_NAME);
}
