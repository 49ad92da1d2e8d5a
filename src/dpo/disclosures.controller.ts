import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { RegisterQuery } from '../sharing/dto/register.query';
import { DisclosuresService, DisclosureView } from './disclosures.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('disclosures')
export class DisclosuresController {
  constructor(private readonly disclosures: DisclosuresService) {}

  @Get()
  @ApiOperation({ summary: 'The register of disclosures: every share beyond the default audience and every printed chronology, with its lawful basis, newest first (data protection officers)' })
  register(@CurrentCaller() caller: Caller, @Query() query: RegisterQuery): Promise<DisclosureView[]> {
    return this.disclosures.register(caller, query);
  }
}
