import { Injectable } from '@nestjs/common';
import { parseCronItems, ParsedCronItem, TaskList } from 'graphile-worker';

/** What a task is told besides its payload: enough to tell a first try from a retry. */
export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  maxAttempts: number;
}

/** Does the work of one job; throwing makes graphile-worker try again later, with backoff. */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface RecurringJob {
  task: string;
  /** A crontab time pattern in UTC, e.g. `0 3 * * *` for 03:00 every day. */
  schedule: string;
  /** How far back a run missed while no instance was up is still made up, in seconds; 0: never. */
  backfillSeconds?: number;
  payload?: Record<string, unknown>;
}

/** `domain:verb-noun`: the module that owns the task, then what it does. */
const TASK_NAME = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

/**
 * The tasks the job queue can run, registered by the modules that own them (in their
 * `onModuleInit`, so everything is in place before the queue starts at application bootstrap).
 * The queue itself knows nothing of notifications, retention or any other domain.
 */
@Injectable()
export class JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring: RecurringJob[] = [];
  private sealed = false;

  register(task: string, handler: JobHandler): void {
    this.assertOpen(task);
    if (!TASK_NAME.test(task)) throw new Error(`Job task names are "domain:verb-noun" in lower case (got "${task}")`);
    if (this.handlers.has(task)) throw new Error(`The job task "${task}" is registered twice`);
    this.handlers.set(task, handler);
  }

  /** Runs `task` on a schedule: once per due time across every instance (graphile-worker's crontab keeps track). */
  registerRecurring(job: RecurringJob): void {
    this.assertOpen(job.task);
    this.recurring.push(job);
  }

  has(task: string): boolean {
    return this.handlers.has(task);
  }

  /** graphile-worker's task list and crontab; nothing can be registered once the queue has them. */
  seal(): { taskList: TaskList; cronItems: ParsedCronItem[] } {
    this.sealed = true;
    const missing = this.recurring.filter((job) => !this.handlers.has(job.task)).map((job) => job.task);
    if (missing.length > 0) throw new Error(`Recurring jobs name tasks nobody registered: ${missing.join(', ')}`);
    const taskList: TaskList = {};
    for (const [task, handler] of this.handlers) {
      taskList[task] = (payload, helpers) => handler(payload, { jobId: helpers.job.id, attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    }
    const cronItems = parseCronItems(
      this.recurring.map((job) => ({
        task: job.task,
        match: job.schedule,
        identifier: `${job.task} ${job.schedule}`,
        payload: job.payload,
        options: { backfillPeriod: (job.backfillSeconds ?? 0) * 1000 },
      })),
    );
    return { taskList, cronItems };
  }

  private assertOpen(task: string): void {
    if (this.sealed) throw new Error(`The job task "${task}" was registered after the queue started; register tasks in onModuleInit`);
  }
}
