import { Controller, Get, Render } from '@nestjs/common';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { TeamService } from '../../team/team.service';
import { WebPage } from '../web-page.decorator';
import { teamViewModel } from './child-team.view-model';

/** Journey 7: the team around the child. Mirrors GET /api/children/:id and GET /api/children/:id/team, and is audited as both. */
@WebPage()
@Controller('child/:childId')
export class ChildTeamPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly team: TeamService,
  ) {}

  @Get('team')
  @Render('pages/child-team')
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string) {
    // The team first: a reader who may see the child's record but not the team is refused before the record is read.
    const members = await this.team.list(caller, childId);
    return teamViewModel(await this.children.get(caller, childId), members);
  }
}
