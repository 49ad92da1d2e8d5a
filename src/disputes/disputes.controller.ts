import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { AnswerDisputeDto, DisputeListQuery, RecordDisputeDto } from './dto/dispute.dto';
import { DisputeRecordView, DisputesService } from './disputes.service';

@ApiTags('disputes')
@ApiBearerAuth()
@Controller()
export class DisputesController {
  constructor(private readonly disputes: DisputesService) {}

  @Post('entries/:entryId/disputes')
  @ApiOperation({ summary: "Record the data subject's dispute of an entry in their own words (data protection officers); the entry is then under restricted processing until answered" })
  record(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Body() dto: RecordDisputeDto): Promise<DisputeRecordView> {
    return this.disputes.record(caller, entryId, dto);
  }

  @Post('disputes/:disputeId/answer')
  @ApiOperation({ summary: 'Answer a dispute: amended (after amending the entry) or upheld, with the reason (the recording agency only, once)' })
  answer(@CurrentCaller() caller: Caller, @UuidParam('disputeId') disputeId: string, @Body() dto: AnswerDisputeDto): Promise<DisputeRecordView> {
    return this.disputes.answer(caller, disputeId, dto);
  }

  @Get('disputes')
  @ApiOperation({ summary: 'Disputes, open ones first (data protection officers)' })
  list(@CurrentCaller() caller: Caller, @Query() query: DisputeListQuery): Promise<DisputeRecordView[]> {
    return this.disputes.list(caller, query);
  }
}
