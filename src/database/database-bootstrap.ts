import { AppConfig } from '../config/app-config';
import { ensureRuntimeLogin, urlForLogin } from './database-roles';
import { RunningDatabase, runningEmbeddedPort, startEmbeddedDatabase } from './embedded-database';
import { migrateWithServerRole, runMigrations } from './migrate';

export const EMBEDDED_DATABASE_NAME = 'chronicle';
/** The embedded server's login for the running server: a member of chronicle_app, never the superuser. */
const EMBEDDED_RUNTIME_LOGIN = { login: 'chronicle', password: 'chronicle' };

export interface PreparedDatabase extends RunningDatabase {
  migrationsApplied: string[];
  /** The schema owner's connection, where there is one (DATABASE_MIGRATION_URL, or the embedded database's superuser). */
  ownerUrl?: string;
}

/**
 * The database the server runs on, migrated: DATABASE_URL (migrated through DATABASE_MIGRATION_URL
 * when set, see migrateWithServerRole otherwise), or the embedded PostgreSQL kept under .data/,
 * migrated as its superuser and used through a login with only the server's privileges.
 */
export async function prepareDatabase(config: AppConfig): Promise<PreparedDatabase> {
  const { url, migrationUrl } = config.database;
  if (url) {
    return { url, ownerUrl: migrationUrl, stop: async () => undefined, migrationsApplied: migrationUrl ? await runMigrations(migrationUrl) : await migrateWithServerRole(url) };
  }
  const embedded = await startEmbeddedDatabase(config.database.embeddedDir, config.database.embeddedPort, EMBEDDED_DATABASE_NAME);
  try {
    const migrationsApplied = await runMigrations(embedded.url);
    await ensureRuntimeLogin(embedded.url, EMBEDDED_RUNTIME_LOGIN.login, EMBEDDED_RUNTIME_LOGIN.password);
    return { url: urlForLogin(embedded.url, EMBEDDED_RUNTIME_LOGIN.login, EMBEDDED_RUNTIME_LOGIN.password), ownerUrl: embedded.url, stop: embedded.stop, migrationsApplied };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/**
 * For command-line tools: the database the server uses. Where that is the embedded one, the
 * PostgreSQL already running on its folder is used (it cannot be started twice), on whatever port
 * it was started with; otherwise it is started and migrated for the duration.
 */
export async function connectLikeTheServer(config: AppConfig): Promise<RunningDatabase> {
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  const port = runningEmbeddedPort(config.database.embeddedDir);
  if (port === null) return prepareDatabase(config);
  const url = urlForLogin(`postgres://127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`, EMBEDDED_RUNTIME_LOGIN.login, EMBEDDED_RUNTIME_LOGIN.password);
  return { url, stop: async () => undefined };
}
