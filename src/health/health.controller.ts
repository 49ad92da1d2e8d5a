import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/public.decorator';
import { JobQueueHealth, JobRunner } from '../jobs/job-runner.service';

export interface HealthReport {
  status: 'ok' | 'degraded';
  live: true;
  database: 'up' | 'down';
  /** The job queue: `failing` while some job (an email, say) keeps failing; it is retried, so degraded, not down. */
  jobs: JobQueueHealth;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobRunner: JobRunner,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness, readiness of the database (503 while it is unreachable) and the job queue (degraded, still 200, while jobs keep failing)' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const database = await this.databaseIsUp();
    const jobs = database ? await this.jobRunner.health() : 'unknown';
    res.status(database ? 200 : 503);
    return { status: database && jobs === 'ok' ? 'ok' : 'degraded', live: true, database: database ? 'up' : 'down', jobs };
  }

  private async databaseIsUp(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
