import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import cluster from 'node:cluster';
import { AppModule } from './app.module';
import { AppConfig, ConfigError, loadAppConfig } from './config/app-config';
import { ServerLogger } from './common/server-logger';
import { configureApp } from './configure-app';
import { prepareDatabase, PreparedDatabase } from './database/database-bootstrap';

/** How the supervising process hands its workers the database it prepared (the embedded one's runtime login, say). */
const WORKER_DATABASE_URL = 'CHRONICLE_WORKER_DATABASE_URL';
/** ... and, in demo mode, the owner's connection, for the demo's audit history. */
const WORKER_OWNER_URL = 'CHRONICLE_WORKER_OWNER_URL';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  Logger.overrideLogger(new ServerLogger(config.logLevel));
  const logger = new Logger(cluster.isWorker ? `Chronicle worker ${cluster.worker?.id}` : 'Chronicle');
  if (cluster.isWorker) {
    await serve(config, { url: process.env[WORKER_DATABASE_URL]!, ownerUrl: process.env[WORKER_OWNER_URL], stop: async () => undefined, migrationsApplied: [] }, logger);
    return;
  }
  const database = await prepareDatabase(config);
  logger.log(config.database.url ? 'Using the PostgreSQL at DATABASE_URL' : `Using the embedded PostgreSQL in ${config.database.embeddedDir}`);
  if (database.migrationsApplied.length > 0) logger.log(`Migrations applied: ${database.migrationsApplied.join(', ')}`);
  if (config.workers === 1) await serve(config, database, logger);
  else supervise(config, database, logger);
}

async function serve(config: AppConfig, database: PreparedDatabase, logger: Logger): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url, config.demoMode ? database.ownerUrl : undefined), { bodyParser: false, logger: new ServerLogger(config.logLevel) });
  configureApp(app, config);
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
  logger.log(`Listening on ${config.publicUrl} (API docs: ${config.publicUrl}/api/docs)`);
  if (config.demoMode && !cluster.isWorker) {
    logger.log(`Demo mode: open ${config.publicUrl}/ to sign in as one of the demo users (development identity provider at ${config.oidc.issuer})`);
    logger.log('Get a token with: npm run --silent token -- hv.hughes');
  }
  onStop(logger, async () => {
    await app.close();
    await database.stop();
  });
}

/** A worker that dies is replaced after this, doubling for each death in the last minute, up to MAX_RESTART_DELAY_MS. */
const FIRST_RESTART_DELAY_MS = 250;
const MAX_RESTART_DELAY_MS = 30_000;

/**
 * WEB_CONCURRENCY > 1: this process prepares the database once, then runs that many workers on one
 * port (each a whole, stateless instance) and replaces any that dies, more slowly the more often
 * they die. A worker that dies before any has served means every worker will (a bad setting, the
 * port taken): the supervisor stops with an error rather than restarting them for ever.
 */
function supervise(config: AppConfig, database: PreparedDatabase, logger: Logger): void {
  let stopping = false;
  const served = new Set<number>();
  const recentDeaths: number[] = [];
  const fork = () => cluster.fork({ [WORKER_DATABASE_URL]: database.url, ...(config.demoMode && database.ownerUrl ? { [WORKER_OWNER_URL]: database.ownerUrl } : {}) });
  const stopAll = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.isDead() ? resolve(undefined) : worker.once('exit', resolve).kill('SIGTERM')))));
    await database.stop();
  };
  for (let index = 0; index < config.workers; index += 1) fork();
  cluster.on('listening', (worker) => served.add(worker.id));
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    if (served.size === 0) {
      logger.error(`Worker ${worker.id} stopped (${signal ?? code}) before any worker was serving; the others would too. Stopping`);
      void stopAll().finally(() => process.exit(1));
      return;
    }
    const now = Date.now();
    recentDeaths.push(now);
    while (recentDeaths[0] < now - 60_000) recentDeaths.shift();
    const delay = Math.min(MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS * 2 ** (recentDeaths.length - 1));
    logger.error(`Worker ${worker.id} stopped (${signal ?? code}); starting another in ${delay} ms`);
    setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });
  logger.log(`Running ${config.workers} workers on port ${config.port}`);
  onStop(logger, stopAll);
}

function onStop(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received; shutting down`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Could not shut down cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
}

/** Errors whose message tells an operator everything they need; anything else gets its stack. */
const OPERATOR_ERRORS = ['TaxonomyError', 'AccessPolicyError', 'AuditReportSettingsError', 'ExportAudiencesError', 'SigningKeyError', 'AuditPrivilegesError', 'EmbeddedDatabaseError', 'MigrationsPendingError'];

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && OPERATOR_ERRORS.includes(error.name))) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Chronicle failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
