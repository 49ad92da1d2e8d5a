import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { RecordOfProcessingService } from '../../dpo/record-of-processing.service';
import { WebPage } from '../web-page.decorator';

/**
 * The record of processing (UK GDPR Art. 30) downloaded from the DPO's home with the session
 * cookie: GET /api/record-of-processing?format=csv|md, the same service and audit.
 */
@WebPage()
@Controller('dpo')
export class DpoRecordOfProcessingPage {
  constructor(private readonly records: RecordOfProcessingService) {}

  @Get('record-of-processing.csv')
  async csv(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.download(caller, 'csv', res);
  }

  @Get('record-of-processing.md')
  async markdown(@CurrentCaller() caller: Caller, @Res() res: Response): Promise<void> {
    await this.download(caller, 'md', res);
  }

  private async download(caller: Caller, format: 'csv' | 'md', res: Response): Promise<void> {
    const { body, contentType, filename } = await this.records.render(caller, format);
    res.setHeader('content-type', contentType);
    res.setHeader('content-disposition', `attachment; filename="${filename}"`);
    res.status(200).end(body);
  }
}
