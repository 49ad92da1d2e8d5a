import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { AddInvolvementDto, EndInvolvementDto } from './dto/add-involvement.dto';
import { InvolvementView } from './involvement.view';
import { TeamService } from './team.service';

@ApiTags('team around the child')
@ApiBearerAuth()
@Controller('children/:childId/team')
export class TeamController {
  constructor(private readonly team: TeamService) {}

  @Get()
  @ApiOperation({ summary: 'Who is involved with the child, from which agency, in what capacity, from when to when' })
  list(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string): Promise<InvolvementView[]> {
    return this.team.list(caller, childId);
  }

  @Post()
  @ApiOperation({ summary: 'Add a practitioner to the team around the child (administrators)' })
  add(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: AddInvolvementDto): Promise<InvolvementView> {
    return this.team.add(caller, childId, dto);
  }

  @Post(':involvementId/end')
  @ApiOperation({ summary: "End a practitioner's involvement on a date (administrators)" })
  end(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('involvementId') involvementId: string,
    @Body() dto: EndInvolvementDto,
  ): Promise<InvolvementView> {
    return this.team.end(caller, childId, involvementId, dto);
  }
}
