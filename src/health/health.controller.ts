import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../common/public.decorator';

export interface HealthReport {
  status: 'ok' | 'degraded';
  live: true;
  database: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness, and readiness of the database (503 while it is unreachable)' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const database = await this.databaseIsUp();
    res.status(database ? 200 : 503);
    return { status: database ? 'ok' : 'degraded', live: true, database: database ? 'up' : 'down' };
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
