import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { RecordSharingDecisionDto } from './dto/record-sharing-decision.dto';
import { RegisterQuery } from './dto/register.query';
import { SharingDecisionView } from './sharing-decision.view';
import { SharingService } from './sharing.service';

@ApiTags('sharing')
@ApiBearerAuth()
@Controller()
export class SharingController {
  constructor(private readonly sharing: SharingService) {}

  @Post('entries/:entryId/sharing-decisions')
  @ApiOperation({ summary: 'Share an entry with a further agency, or record a refusal to share (recording agency only), with purpose, lawful basis and whether the family was told' })
  record(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string, @Body() dto: RecordSharingDecisionDto): Promise<SharingDecisionView> {
    return this.sharing.record(caller, entryId, dto);
  }

  @Get('entries/:entryId/sharing-decisions')
  @ApiOperation({ summary: "An entry's sharing decisions (recording agency and data protection officers)" })
  forEntry(@CurrentCaller() caller: Caller, @UuidParam('entryId') entryId: string): Promise<SharingDecisionView[]> {
    return this.sharing.forEntry(caller, entryId);
  }

  @Get('sharing-decisions')
  @ApiOperation({ summary: 'The register of sharing decisions (data protection officers)' })
  register(@CurrentCaller() caller: Caller, @Query() query: RegisterQuery): Promise<SharingDecisionView[]> {
    return this.sharing.register(caller, query);
  }
}
