import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { CaseloadService } from './caseload.service';
import { CaseloadChildView } from './caseload.view';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  @Get()
  @ApiOperation({
    summary:
      "The children on whose team you are today: your capacity, the latest entry you may read, and how many entries other agencies added since you last read the chronology (counted over what you may read)",
  })
  myChildren(@CurrentCaller() caller: Caller): Promise<CaseloadChildView[]> {
    return this.caseload.myChildren(caller);
  }
}
