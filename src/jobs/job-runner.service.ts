import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { run, Runner } from 'graphile-worker';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JOB_QUEUE_SCHEMA, jobQueueLogger, jobQueuePool } from '../database/job-queue-schema';
import { JobRegistry } from './job-registry';

/** A job whose last try failed, this many tries in, within the window, makes the queue "failing". */
const FAILING_AFTER_ATTEMPTS = 2;
const FAILING_WINDOW = `interval '1 hour'`;

export type JobQueueHealth = 'ok' | 'failing' | 'stopped' | 'unknown';

/**
 * Runs the registered tasks in this instance (unless JOB_WORKER is off), as the server's own role on
 * a small pool of its own. Every instance may run one: graphile-worker takes each job with
 * `FOR UPDATE SKIP LOCKED`, so two instances never run the same job, and it retries a failed job
 * with exponential backoff.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobRunner');
  private runner?: Runner;
  private pool?: Pool;
  private crashed = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { taskList, cronItems } = this.registry.seal();
    if (!this.config.jobs.worker) return;
    const { concurrency, pollIntervalMs } = this.config.jobs;
    this.pool = jobQueuePool((this.dataSource.options as PostgresConnectionOptions).url!, concurrency + 2, (error) => this.logger.warn(`Job queue connection lost: ${error.message}`));
    this.runner = await run({ pgPool: this.pool, taskList, parsedCronItems: cronItems, concurrency, pollInterval: pollIntervalMs, noHandleSignals: true, logger: jobQueueLogger() });
    this.runner.promise.catch((error: unknown) => {
      this.crashed = true;
      this.logger.error(`The job runner stopped: ${String(error)}`);
    });
  }

  async onModuleDestroy(): Promise<void> {
    // Before TypeORM's pool closes (at application shutdown): jobs under way finish first.
    await this.runner?.stop().catch(() => undefined);
    await this.pool?.end();
  }

  /**
   * For /health: "failing" when some job has failed repeatedly in the last hour (a mail server
   * turning deliveries away, say); the queue keeps retrying them, so this is degraded, not down.
   * Read from the database, so every instance tells the same, whichever ran the job.
   */
  async health(): Promise<JobQueueHealth> {
    if (this.crashed) return 'stopped';
    try {
      const [{ failing }] = await this.dataSource.query<{ failing: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM ${JOB_QUEUE_SCHEMA}._private_jobs WHERE last_error IS NOT NULL AND attempts >= $1 AND updated_at > now() - ${FAILING_WINDOW}) AS failing`,
        [FAILING_AFTER_ATTEMPTS],
      );
      return failing ? 'failing' : 'ok';
    } catch {
      return 'unknown';
    }
  }
}
