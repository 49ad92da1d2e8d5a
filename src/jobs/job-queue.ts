import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JOB_QUEUE_SCHEMA } from '../database/job-queue-schema';
import { JobRegistry } from './job-registry';

export interface EnqueueOptions {
  /** Jobs of one queue run one at a time, in order. */
  queueName?: string;
  runAt?: Date;
  /** Tries before the job is given up (graphile-worker's default is 25, about three days of backoff). */
  maxAttempts?: number;
  /** At most one waiting job per key: a second enqueue with the key replaces the first. */
  jobKey?: string;
}

/**
 * Adds jobs through graphile-worker's `add_job` SQL function on the caller's own transaction: the
 * job exists exactly when what asked for it was committed, so a crash between the two loses
 * nothing and a rolled-back write sends nothing.
 */
@Injectable()
export class JobQueue {
  constructor(private readonly registry: JobRegistry) {}

  async enqueue(manager: EntityManager, task: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<string> {
    if (!this.registry.has(task)) throw new Error(`No job task "${task}" is registered`);
    const [job] = await manager.query<{ id: string }[]>(
      `SELECT id::text AS id FROM ${JOB_QUEUE_SCHEMA}.add_job($1, $2::json, queue_name => $3, run_at => $4, max_attempts => $5, job_key => $6)`,
      [task, JSON.stringify(payload), options.queueName ?? null, options.runAt ?? null, options.maxAttempts ?? null, options.jobKey ?? null],
    );
    return job.id;
  }
}
