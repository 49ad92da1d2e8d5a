import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EntryView } from '../chronology/entry.view';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { EndMatchDto, MentorConcernDto, MentorNoteDto, RecordMeetingDto, StartMatchDto } from './dto/mentoring.dto';
import { MentoringMatchView, MentoringMeetingView, MentoringNoteView } from './mentoring.view';
import { MentoringService } from './mentoring.service';

@ApiTags('mentoring')
@ApiBearerAuth()
@Controller()
export class MentoringController {
  constructor(private readonly mentoring: MentoringService) {}

  @Get('children/:childId/mentoring')
  @ApiOperation({ summary: "The mentoring charity's own record of the child: matches and meetings, and (within the charity only) the mentor's notes" })
  read(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string): Promise<MentoringMatchView[]> {
    return this.mentoring.read(caller, childId);
  }

  @Post('children/:childId/mentoring/matches')
  @ApiOperation({ summary: 'Start a mentoring match (you are the mentor); "Mentoring match started" is added to the chronology' })
  start(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() dto: StartMatchDto): Promise<MentoringMatchView> {
    return this.mentoring.startMatch(caller, childId, dto);
  }

  @Post('mentoring/matches/:matchId/end')
  @ApiOperation({ summary: 'End a match with the reason (kept in the charity); "Mentoring match ended" is added to the chronology' })
  end(@CurrentCaller() caller: Caller, @UuidParam('matchId') matchId: string, @Body() dto: EndMatchDto): Promise<MentoringMatchView> {
    return this.mentoring.endMatch(caller, matchId, dto);
  }

  @Post('mentoring/matches/:matchId/meetings')
  @ApiOperation({ summary: 'Record a meeting, held (with its length) or missed; with shareAttendance, also in the chronology' })
  meeting(@CurrentCaller() caller: Caller, @UuidParam('matchId') matchId: string, @Body() dto: RecordMeetingDto): Promise<MentoringMeetingView> {
    return this.mentoring.recordMeeting(caller, matchId, dto);
  }

  @Post('mentoring/matches/:matchId/notes')
  @ApiOperation({ summary: "Write a note of a conversation: it stays within the charity" })
  note(@CurrentCaller() caller: Caller, @UuidParam('matchId') matchId: string, @Body() dto: MentorNoteDto): Promise<MentoringNoteView> {
    return this.mentoring.addNote(caller, matchId, dto);
  }

  @Post('mentoring/matches/:matchId/concerns')
  @ApiOperation({ summary: 'Raise a safeguarding concern: a significant entry from the charity, which notifies the team (the lead professional among them) at once' })
  concern(@CurrentCaller() caller: Caller, @UuidParam('matchId') matchId: string, @Body() dto: MentorConcernDto): Promise<EntryView> {
    return this.mentoring.raiseConcern(caller, matchId, dto);
  }
}
