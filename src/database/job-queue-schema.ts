import { Logger as NestLogger } from '@nestjs/common';
import { Logger, runMigrations } from 'graphile-worker';
import { Client, Pool } from 'pg';
import { APP_ROLE } from './database-roles';

/** Where graphile-worker keeps its jobs, beside the application's tables in the same database. */
export const JOB_QUEUE_SCHEMA = 'graphile_worker';

/** graphile-worker's log lines, through the server's logger; its debug chatter only at `debug`; `quiet`: errors only. */
export function jobQueueLogger(context = 'JobQueue', quiet = false): Logger {
  const logger = new NestLogger(context);
  return new Logger(() => (level, message) => {
    if (quiet && level !== 'error') return;
    if (level === 'error') logger.error(message);
    else if (level === 'warning') logger.warn(message);
    else if (level === 'info') logger.log(message);
    else logger.debug(message);
  });
}

/**
 * Creates or upgrades graphile-worker's schema, then lets the server's role use it. Run as the
 * schema owner with the application's migrations (migrate.ts): the server's own login
 * may not create a schema, and at start-up graphile-worker only checks, as that login, that its
 * schema is current. The grants are repeated every time because an upgrade may add tables or
 * functions; the server needs to add, take, finish and fail jobs, never to change the schema.
 * graphile-worker turns row-level security on for its tables (with no policy, so only their owner
 * sees a row): a policy lets the server's role see and write every row, as the owner does.
 */
export async function migrateJobQueue(ownerUrl: string): Promise<void> {
  const pool = jobQueuePool(ownerUrl, 1, () => undefined);
  try {
    await runMigrations({ pgPool: pool, logger: jobQueueLogger('JobQueueMigrations', true) });
    await pool.query(`
      GRANT USAGE ON SCHEMA ${JOB_QUEUE_SCHEMA} TO ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_QUEUE_SCHEMA} TO ${APP_ROLE};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${JOB_QUEUE_SCHEMA} TO ${APP_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_QUEUE_SCHEMA} TO ${APP_ROLE};
      DO $$
      DECLARE t regclass;
      BEGIN
        FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = '${JOB_QUEUE_SCHEMA}' AND c.relrowsecurity
                   AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'chronicle_app_all')
        LOOP
          EXECUTE format('CREATE POLICY chronicle_app_all ON %s TO ${APP_ROLE} USING (true) WITH CHECK (true)', t);
        END LOOP;
      END $$;
    `);
  } finally {
    await pool.end();
  }
}

/**
 * A pool for graphile-worker, with the error handlers it asks for: a connection lost while idle (a
 * database restart) must not end the process; graphile-worker reconnects on its own.
 */
export function jobQueuePool(url: string, max: number, onError: (error: Error) => void): Pool {
  const pool = new Pool({ connectionString: url, max });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** Whether graphile-worker's schema is there at all (an upgrade of it is graphile-worker's own check at start-up). */
export async function jobQueueInstalled(client: Client): Promise<boolean> {
  const [{ present }] = (await client.query<{ present: boolean }>(`SELECT to_regclass('${JOB_QUEUE_SCHEMA}.migrations') IS NOT NULL AS present`)).rows;
  return present;
}
