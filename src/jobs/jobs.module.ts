import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner.service';

/**
 * The PostgreSQL-backed job queue (graphile-worker): modules register tasks with JobRegistry and
 * add jobs with JobQueue on their own transaction; JobRunner runs them. docs/jobs.md.
 */
@Global()
@Module({ providers: [JobRegistry, JobQueue, JobRunner], exports: [JobRegistry, JobQueue, JobRunner] })
export class JobsModule {}
