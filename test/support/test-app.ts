import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadAppConfig } from '../../src/config/app-config';
import { configureApp } from '../../src/configure-app';
import { ensureRuntimeLogin, urlForLogin } from '../../src/database/database-roles';
import { runMigrations } from '../../src/database/migrate';
import { quoteIdentifier } from '../../src/database/sql-identifier';
import { DevIdentityProvider } from '../../src/dev-idp/dev-identity-provider';
import { DEV_IDENTITY_PROVIDER } from '../../src/dev-idp/dev-idp.module';
import { obtainDevAccessToken } from '../../src/dev-idp/dev-login';

export interface TestApp {
  app: NestExpressApplication;
  baseUrl: string;
  config: AppConfig;
  idp: DevIdentityProvider;
  /** The server's own connection: the privileges of chronicle_app, as in production. */
  dataSource: DataSource;
  /** The scratch database as its owner (a superuser): for tests that must go behind the application's back. */
  databaseUrl: string;
  ownerQuery<T = unknown>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** A connection of the database's owner, for work that takes several statements (a transaction, a held lock). */
  asOwner<T>(work: (client: Client) => Promise<T>): Promise<T>;
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

/** The login the server runs as in tests: a member of chronicle_app only, like a production deployment's. */
export const TEST_RUNTIME_LOGIN = { login: 'chronicle_test', password: 'chronicle_test' };

/**
 * The real server, in demo mode, on a fresh database migrated by its owner and used through a login
 * with only the server's privileges, with the demo data loaded, listening on a free port so its
 * identity provider is reachable over HTTP like any other.
 */
export async function startTestApp(options: { env?: NodeJS.ProcessEnv; sharedDatabaseUrl?: string; serverUrl?: string } = {}): Promise<TestApp> {
  const { env = {}, sharedDatabaseUrl, serverUrl = requireDatabaseUrl() } = options;
  const databaseUrl = sharedDatabaseUrl ?? (await createScratchDatabase(serverUrl));
  await runMigrations(databaseUrl);
  await ensureRuntimeLogin(serverUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password);
  const runtimeUrl = urlForLogin(databaseUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadAppConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATABASE_URL: runtimeUrl,
    DATABASE_MIGRATION_URL: databaseUrl,
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, runtimeUrl), { bodyParser: false, logger: ['error', 'warn'], abortOnError: false });
  configureApp(app, config);
  await app.listen(port, '127.0.0.1');
  const tokens = new Map<string, Promise<string>>();
  return {
    app,
    baseUrl,
    config,
    idp: app.get<DevIdentityProvider>(DEV_IDENTITY_PROVIDER),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    databaseUrl,
    ownerQuery: <T>(sql: string, parameters: unknown[] = []) => withClient(databaseUrl, async (client) => (await client.query(sql, parameters)).rows as T[]),
    asOwner: <T>(work: (client: Client) => Promise<T>) => withClient(databaseUrl, work),
    tokenFor(username: string): Promise<string> {
      if (!tokens.has(username)) tokens.set(username, obtainDevAccessToken(config.oidc.issuer, username));
      return tokens.get(username)!;
    },
    async close(): Promise<void> {
      await app.close();
      // A second instance on a shared database leaves the database to the instance that made it.
      if (!sharedDatabaseUrl) await dropScratchDatabase(databaseUrl, serverUrl);
    },
  };
}

/** A new, empty database on the server `serverUrl` names (by default the one the test run uses). */
export async function createScratchDatabase(serverUrl = requireDatabaseUrl()): Promise<string> {
  const name = `chronicle_test_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export async function dropScratchDatabase(databaseUrl: string, serverUrl = requireDatabaseUrl()): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set; the e2e global setup should have provided one');
  return url;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
