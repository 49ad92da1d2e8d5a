import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { EndMatchDto, MentorConcernDto, MentorNoteDto, RecordMeetingDto, StartMatchDto } from '../../mentoring/dto/mentoring.dto';
import { MentoringService } from '../../mentoring/mentoring.service';
import { dateInputValue, mergeProblems, requiredDate } from '../date-input';
import { ApiFormValidation, FormError, formErrorsView, formText, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';

/**
 * The mentoring charity's own page about a child: its matches, meetings and notes, and forms to
 * start a match, record a meeting, end a match, write a note and raise a concern. Mirrors
 * GET /api/children/:id and GET /api/children/:id/mentoring (and the POSTs under them), and is
 * refused as they are: to anyone but the charity, by the access policy.
 */
@WebPage()
@Controller('child/:childId/mentoring')
export class ChildMentoringPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly mentoring: MentoringService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Query('concern') concern: unknown, @Query('done') done: unknown, @Res() res: Response): Promise<void> {
    res.render('pages/child-mentoring', { ...(await this.model(caller, childId)), concernRaised: concern === 'raised', done: typeof done === 'string' ? done : undefined });
  }

  /** A safeguarding concern: a significant entry from the charity, which notifies the team at once. */
  @Post('matches/:matchId/concerns')
  async concern(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('matchId') matchId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const values = { summary: formText(body, 'concern-summary'), actionTaken: formText(body, 'concern-action') };
    const checked = await this.forms.check(MentorConcernDto, values, {
      summary: { field: 'concern-summary', text: values.summary ? 'The concern must be at most 500 characters, in plain text' : 'Say what you noticed' },
      actionTaken: { field: 'concern-action', text: values.actionTaken ? 'What you did must be at most 2,000 characters, in plain text' : 'Say what you have done about it' },
    });
    if ('errors' in checked) {
      res.status(400).render('pages/child-mentoring', { ...(await this.model(caller, childId)), concern: values, errors: formErrorsView(checked.errors, ['concern-summary', 'concern-action']) });
      return;
    }
    await this.mentoring.raiseConcern(caller, matchId, checked.value, childId);
    res.redirect(303, `/child/${childId}/mentoring?concern=raised`);
  }

  @Post('matches/:matchId/notes')
  async note(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('matchId') matchId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const text = formText(body, 'note');
    const checked = await this.forms.check(MentorNoteDto, { text }, { text: { field: 'note', text: text ? 'The note has characters that cannot be kept, or is too long' : 'Write the note' } });
    if ('errors' in checked) {
      res.status(400).render('pages/child-mentoring', { ...(await this.model(caller, childId)), note: text, errors: formErrorsView(checked.errors, ['note']) });
      return;
    }
    await this.mentoring.addNote(caller, matchId, checked.value, childId);
    res.redirect(303, `/child/${childId}/mentoring`);
  }

  /** The signed-in mentor starts a match: the API takes no other mentor. */
  @Post('matches')
  async start(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const startDate = dateInputValue(body, 'start-date');
    const startsOn = requiredDate(startDate, 'start-date', 'Start date', true);
    const wording = { startsOn: { field: 'start-date-day', text: 'The start date must be today or in the past' } };
    const checked = await this.forms.check(StartMatchDto, { startsOn: startsOn.iso }, wording);
    const started = 'errors' in checked || startsOn.problem
      ? { errors: mergeProblems('errors' in checked ? checked.errors : [], [startsOn.problem]) }
      : await submitForm(() => this.mentoring.startMatch(caller, childId, checked.value), wording);
    if ('errors' in started) return this.refuse(res, caller, childId, { startDate }, started.errors, ['start-date-day', 'start-date-month', 'start-date-year']);
    res.redirect(303, `/child/${childId}/mentoring?done=started`);
  }

  /** A meeting held (with its length) or missed; shared with the team only when the mentor ticks it. */
  @Post('matches/:matchId/meetings')
  async meeting(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('matchId') matchId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const meetingDate = dateInputValue(body, 'meeting-date');
    const heldOn = requiredDate(meetingDate, 'meeting-date', 'Date of the meeting', true);
    const meeting = { held: formText(body, 'meeting-held'), minutes: formText(body, 'meeting-minutes'), share: formText(body, 'meeting-share') === 'yes' };
    const held = meeting.held === 'held' ? true : meeting.held === 'missed' ? false : undefined;
    // A length that is not a whole number goes to the DTO as typed, so its own rule refuses it.
    const minutes = meeting.minutes === '' ? undefined : /^\d{1,5}$/.test(meeting.minutes) ? Number(meeting.minutes) : meeting.minutes;
    const wording = {
      heldOn: { field: 'meeting-date-day', text: 'The date of the meeting must be today or in the past' },
      held: { field: 'meeting-held', text: 'Say whether the meeting was held or missed' },
      minutes: {
        field: 'meeting-minutes',
        text: held === true && minutes === undefined ? 'Enter how long the meeting lasted, in minutes' : held === false && minutes !== undefined ? 'Leave the length empty for a missed meeting' : 'The length must be a whole number of minutes, from 1 to 1,440',
      },
    };
    const checked = await this.forms.check(RecordMeetingDto, { heldOn: heldOn.iso, held, minutes, shareAttendance: meeting.share }, wording);
    const recorded = 'errors' in checked || heldOn.problem
      ? { errors: mergeProblems('errors' in checked ? checked.errors : [], [heldOn.problem]) }
      : // The service's own words for a date outside the match ("must be on or after the day the match started, 1 May 2025").
        await submitForm(() => this.mentoring.recordMeeting(caller, matchId, checked.value, childId), { ...wording, heldOn: { field: 'meeting-date-day', label: 'The date of the meeting' } });
    if ('errors' in recorded) {
      return this.refuse(res, caller, childId, { meetingDate, meeting }, recorded.errors, ['meeting-date-day', 'meeting-date-month', 'meeting-date-year', 'meeting-held', 'meeting-minutes']);
    }
    res.redirect(303, `/child/${childId}/mentoring?done=meeting`);
  }

  /** The reason stays in the charity's record; the chronology says only that the match ended. */
  @Post('matches/:matchId/end')
  async end(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('matchId') matchId: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const endDate = dateInputValue(body, 'end-date');
    const endsOn = requiredDate(endDate, 'end-date', 'End date', true);
    const reason = formText(body, 'end-reason');
    const wording = {
      endsOn: { field: 'end-date-day', text: 'The end date must be today or in the past, and not before the match started' },
      reason: { field: 'end-reason', text: reason ? 'Why it ended must be at most 500 characters, in plain text' : 'Say why the match ended' },
    };
    const checked = await this.forms.check(EndMatchDto, { endsOn: endsOn.iso, reason }, wording);
    const ended = 'errors' in checked || endsOn.problem
      ? { errors: mergeProblems('errors' in checked ? checked.errors : [], [endsOn.problem]) }
      : await submitForm(() => this.mentoring.endMatch(caller, matchId, checked.value, childId), wording);
    if ('errors' in ended) return this.refuse(res, caller, childId, { endDate, endReason: reason }, ended.errors, ['end-date-day', 'end-date-month', 'end-date-year', 'end-reason']);
    res.redirect(303, `/child/${childId}/mentoring?done=ended`);
  }

  /** The page again, with what was typed and every problem with it. */
  private async refuse(res: Response, caller: Caller, childId: string, values: Record<string, unknown>, errors: FormError[], fields: string[]): Promise<void> {
    res.status(400).render('pages/child-mentoring', { ...(await this.model(caller, childId)), ...values, errors: formErrorsView(errors, fields) });
  }

  private async model(caller: Caller, childId: string) {
    // The matches first: an agency outside the charity is refused before the child's record is read.
    const matches = await this.mentoring.read(caller, childId);
    return { child: await this.children.get(caller, childId), childSection: 'mentoring', matches };
  }
}
