import { Body, Controller, Get, Post, Query, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { RecordDisputeDto } from '../../disputes/dto/dispute.dto';
import { DisputesService } from '../../disputes/disputes.service';
import { ApiFormValidation, FormError, formErrorsView, formText, FormWording, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';
import { CAPACITY_WORDS, capacityItems } from './dpo-subject-access.page';

const FIELDS = ['entryId', 'words', 'disputedBy', 'capacity'];
const WORDING: FormWording = {
  words: { field: 'words', text: 'Enter what the person disputes, in their own words, in up to 4000 characters' },
  disputedBy: { field: 'disputedBy', text: 'Enter the name of the person who disputes the entry, in up to 200 characters' },
  capacity: { field: 'capacity', text: 'Select who disputes it' },
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Disputes of entries by the data subject (docs/subject-access.md): the list, open ones first (GET
 * /api/disputes), and recording one in the person's own words against an entry named by its id
 * (POST /api/entries/:entryId/disputes), with the same service and audit. The entry's content is
 * never shown here: the recording agency sees the dispute beside it and answers.
 */
@WebPage()
@Controller('dpo/disputes')
export class DpoDisputesPage {
  constructor(
    private readonly disputes: DisputesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/disputes')
  async list(@CurrentCaller() caller: Caller, @Query('status') status?: string) {
    const all = status === 'all';
    return { all, disputes: await this.disputes.list(caller, { status: all ? 'all' : 'open' }), capacityWords: CAPACITY_WORDS };
  }

  @Get('new')
  @Render('pages/dpo/dispute-new')
  newForm(@Query('entryId') entryId?: string) {
    const values = { entryId: typeof entryId === 'string' && UUID.test(entryId) ? entryId : '' };
    return { values, capacities: capacityItems('') };
  }

  @Post('new')
  async record(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = Object.fromEntries(FIELDS.map((field) => [field, formText(body, field)]));
    const errors: FormError[] = UUID.test(values.entryId) ? [] : [{ field: 'entryId', text: 'Enter the id of the entry disputed, as the recording agency gave it' }];
    const checked = await this.forms.check(RecordDisputeDto, { words: values.words, disputedBy: values.disputedBy, capacity: values.capacity }, WORDING);
    if ('errors' in checked) errors.push(...checked.errors);
    const recorded =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.disputes.record(caller, values.entryId, checked.value), WORDING, {
            NOT_FOUND: { field: 'entryId', text: 'No entry has this id' },
            ENTRY_ENTERED_IN_ERROR: { field: 'entryId', text: 'This entry is marked as entered in error: it is no longer part of the record' },
          });
    if ('errors' in recorded) {
      res.status(400).render('pages/dpo/dispute-new', { values, capacities: capacityItems(values.capacity), errors: formErrorsView(recorded.errors, FIELDS) });
      return;
    }
    res.redirect(303, '/dpo/disputes');
  }
}
