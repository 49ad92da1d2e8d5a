import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { MentorConcernDto, MentorNoteDto } from '../../mentoring/dto/mentoring.dto';
import { MentoringService } from '../../mentoring/mentoring.service';
import { ApiFormValidation, formErrorsView, formText } from '../forms';
import { WebPage } from '../web-page.decorator';

/**
 * The mentoring charity's own page about a child: its matches, meetings and notes, and a form for a
 * note. Mirrors GET /api/children/:id and GET /api/children/:id/mentoring (and POST .../notes), and
 * is refused as they are: to anyone but the charity, by the access policy.
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
  async show(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Query('concern') concern: unknown, @Res() res: Response): Promise<void> {
    res.render('pages/child-mentoring', { ...(await this.model(caller, childId)), concernRaised: concern === 'raised' });
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
    await this.mentoring.raiseConcern(caller, matchId, checked.value);
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
    await this.mentoring.addNote(caller, matchId, checked.value);
    res.redirect(303, `/child/${childId}/mentoring`);
  }

  private async model(caller: Caller, childId: string) {
    const child = await this.children.get(caller, childId);
    return { child, childSection: 'mentoring', matches: await this.mentoring.read(caller, childId) };
  }
}
