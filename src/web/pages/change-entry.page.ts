import { Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { WritableEntryField } from '../../access/access-policy';
import { AccessService } from '../../access/access.service';
import type { CallerAction } from '../../audit/audit-vocabulary';
import { ChildrenService } from '../../children/children.service';
import { ChronologyService } from '../../chronology/chronology.service';
import { AmendEntryDto, MarkEnteredInErrorDto } from '../../chronology/dto/amend-entry.dto';
import type { EntryView } from '../../chronology/entry.view';
import { EventTaxonomyService } from '../../chronology/event-taxonomy.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { DomainError, notFound } from '../../common/domain-error';
import { UuidParam } from '../../common/uuid-param';
import { amendmentProblems, EMPTY_SUMMARY, ENTRY_FORM_INPUTS, entryChangesOf, entryContentOf, entryFormValues, entryFormValuesOf, entryFormWording } from '../entry-form';
import { ApiFormValidation, FormError, formErrorsOf, formErrorsView, formText, submitForm } from '../forms';
import { FormBody } from '../form-body.decorator';
import { WebPage } from '../web-page.decorator';
import { entryPath } from '../web-routes';
import { entryFormViewModel } from './entry-form.view-model';

const NO_REASON: Record<'amend' | 'error', FormError> = {
  amend: { field: 'reason', text: 'Say why you are amending the entry' },
  error: { field: 'reason', text: 'Say why the entry was entered in error' },
};

/**
 * Journey 5: amend an entry (a new version, with a reason) and mark it entered in error, through
 * the API's own ChronologyService.amend and markEnteredInError (POST /api/entries/:id/amendments
 * and /entered-in-error) and their audit. The forms read the entry as GET /api/entries/:id does.
 * Only the recording agency is offered them; anyone else who posts gets the service's refusal.
 */
@WebPage()
@Controller('child/:childId/entries/:entryId')
export class ChangeEntryPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly chronology: ChronologyService,
    private readonly access: AccessService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get('amend')
  async amendForm(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string, @Res() res: Response): Promise<void> {
    const { child, entry } = await this.load(caller, childId, entryId, 'entry.read');
    const writable = await this.amendable(caller, entryId);
    res.render('pages/amend-entry', { child, entry, ...entryFormViewModel(entryFormValuesOf(entry), writable, this.taxonomy.all(), null), reason: '', path: entryPath(childId, entryId) });
  }

  @Post('amend')
  async amend(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string, @FormBody() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const { child, entry } = await this.load(caller, childId, entryId, 'entry.amend');
    const writable = (await this.access.entryChanges(caller, entryId)).amend;
    const values = entryFormValues(body);
    const reason = formText(body, 'reason');
    const { content, problems } = entryContentOf(values);
    const changes = entryChangesOf(content, entry, writable);
    const wording = { ...entryFormWording(values, 'changes.'), reason: { field: 'reason', label: 'The reason' }, baseVersion: { field: 'reason', text: 'Go back to the entry and amend it again' } };
    const baseVersion = Number(formText(body, 'baseVersion')) || undefined;
    const checked = await this.forms.check(AmendEntryDto, { reason, baseVersion, changes }, wording);
    // What the service would find only once these are put right (the rules across fields on the amended entry) is listed with them.
    const errors: FormError[] = [
      ...problems,
      ...(writable.includes('summary') && !values.summary ? [EMPTY_SUMMARY] : []),
      ...(reason ? [] : [NO_REASON.amend]),
      ...('errors' in checked ? checked.errors : []),
      ...formErrorsOf(amendmentProblems(changes, entry), wording),
    ];
    const amended =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.chronology.amend(caller, entryId, checked.value), wording, {
            NO_CHANGES: { field: 'reason', text: 'You have not changed anything in the entry: change it, or go back to it' },
            STALE_VERSION: { field: 'reason', text: 'Someone has amended this entry since you opened it: go back to the entry to see their change, then amend it again' },
          });
    if ('errors' in amended) {
      const formErrors = formErrorsView(amended.errors, [...ENTRY_FORM_INPUTS, 'reason']);
      res.status(400).render('pages/amend-entry', { child, entry, ...entryFormViewModel(values, writable, this.taxonomy.all(), formErrors), reason, path: entryPath(childId, entryId) });
      return;
    }
    res.redirect(303, `${entryPath(childId, entryId)}#history`);
  }

  @Get('entered-in-error')
  async enteredInErrorForm(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string, @Res() res: Response): Promise<void> {
    const { child, entry } = await this.load(caller, childId, entryId, 'entry.read');
    await this.amendable(caller, entryId);
    res.render('pages/entered-in-error', { child, entry, values: { reason: '' }, path: entryPath(childId, entryId) });
  }

  @Post('entered-in-error')
  async markEnteredInError(
    @CurrentCaller() caller: Caller,
    @UuidParam('childId') childId: string,
    @UuidParam('entryId') entryId: string,
    @FormBody() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const { child, entry } = await this.load(caller, childId, entryId, 'entry.mark-entered-in-error');
    const reason = formText(body, 'reason');
    const wording = { reason: { field: 'reason', label: 'The reason' } };
    const checked = reason ? await this.forms.check(MarkEnteredInErrorDto, { reason }, wording) : { errors: [NO_REASON.error] };
    const marked = 'errors' in checked ? checked : await submitForm(() => this.chronology.markEnteredInError(caller, entryId, checked.value), wording);
    if ('errors' in marked) {
      res.status(400).render('pages/entered-in-error', { child, entry, values: { reason }, errors: formErrorsView(marked.errors, ['reason']), path: entryPath(childId, entryId) });
      return;
    }
    res.redirect(303, `${entryPath(childId, entryId)}#history`);
  }

  /** The child, and the entry as its page shows it: one of this child's that the reader may read and change (a refusal recorded as `attempting`). */
  private async load(caller: Caller, childId: string, entryId: string, attempting: CallerAction): Promise<{ child: Awaited<ReturnType<ChildrenService['get']>>; entry: EntryView }> {
    const entry = await this.chronology.readEntry(caller, entryId, childId, { mustMay: 'amend', attempting });
    const child = await this.children.get(caller, childId);
    if (entry.kind !== 'entry') throw notFound('Entry');
    return { child, entry };
  }

  /** A form to change an entry is offered only to whom may change it: the service's own words for anyone else. */
  private async amendable(caller: Caller, entryId: string): Promise<WritableEntryField[]> {
    const { amend } = await this.access.entryChanges(caller, entryId);
    if (amend.length === 0) throw new DomainError('FORBIDDEN', 'Only the agency that recorded an entry may change it, and not once it is marked as entered in error');
    return amend;
  }
}
