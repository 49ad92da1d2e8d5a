import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { RecordOfProcessingService } from './record-of-processing.service';

export class RecordOfProcessingQuery {
  @IsOptional()
  @IsIn(['json', 'csv', 'md'], { message: 'format must be json, csv or md' })
  format?: 'json' | 'csv' | 'md';
}

@ApiTags('dpo')
@ApiBearerAuth()
@Controller()
export class RecordOfProcessingController {
  constructor(private readonly records: RecordOfProcessingService) {}

  @Get('record-of-processing')
  @ApiProduces('application/json', 'text/csv', 'text/markdown')
  @ApiOperation({ summary: 'The record of processing (UK GDPR Art. 30) made from the configuration in force: JSON, or a CSV of recipients (format=csv) or the whole record as Markdown (format=md) to download' })
  async get(@CurrentCaller() caller: Caller, @Query() query: RecordOfProcessingQuery, @Res() res: Response): Promise<void> {
    const { body, contentType, filename } = await this.records.render(caller, query.format ?? 'json');
    res.setHeader('content-type', contentType);
    if (filename) res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.status(200).end(body);
  }
}
