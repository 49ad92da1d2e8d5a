import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '../access/access.service';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { ListPractitionersQuery } from './dto/list-practitioners.query';
import { PractitionerView, toPractitionerView } from './practitioner.view';
import { PractitionersService } from './practitioners.service';

@ApiTags('practitioners')
@ApiBearerAuth()
@Controller('practitioners')
export class PractitionersController {
  constructor(
    private readonly practitioners: PractitionersService,
    private readonly access: AccessService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Practitioners known to the service (administrators, to build teams around children)' })
  async list(@CurrentCaller() caller: Caller, @Query() query: ListPractitionersQuery): Promise<PractitionerView[]> {
    await this.access.assertCan(caller, 'read', 'Practitioner', 'practitioner.list');
    return (await this.practitioners.list({ agencyCode: query.agency })).map(toPractitionerView);
  }
}
