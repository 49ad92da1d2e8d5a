import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadAppConfig } from './config/app-config';
import { configureApp } from './configure-app';
import { prepareDatabase } from './database/database-bootstrap';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Chronicle');
  const config = loadAppConfig();
  const database = await prepareDatabase(config);
  logger.log(config.database.url ? 'Using the PostgreSQL at DATABASE_URL' : `Using the embedded PostgreSQL in ${config.database.embeddedDir}`);
  if (database.migrationsApplied.length > 0) logger.log(`Migrations applied: ${database.migrationsApplied.join(', ')}`);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), { bodyParser: false });
  configureApp(app, config);
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));

  logger.log(`Listening on ${config.publicUrl} (API docs: ${config.publicUrl}/api/docs)`);
  if (config.demoMode) {
    logger.log(`Demo mode: development identity provider at ${config.oidc.issuer}; sign in at ${config.publicUrl}/auth/login`);
    logger.log('Get a token with: npm run --silent token -- hv.hughes');
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received; shutting down`);
    await app.close();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Errors whose message tells an operator everything they need; anything else gets its stack. */
const OPERATOR_ERRORS = ['TaxonomyError', 'AccessPolicyError', 'AuditReportSettingsError', 'ExportAudiencesError', 'SigningKeyError', 'AuditPrivilegesError', 'EmbeddedDatabaseError'];

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || (error instanceof Error && OPERATOR_ERRORS.includes(error.name))) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Chronicle failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
