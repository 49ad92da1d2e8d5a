import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AgenciesService } from './agencies.service';
import { AgencyView, toAgencyView } from './agency.view';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  @Get()
  @ApiOperation({ summary: 'The agencies that share this chronology, with whom to contact about what each holds' })
  async list(): Promise<AgencyView[]> {
    return (await this.agencies.listAll()).map(toAgencyView);
  }
}
