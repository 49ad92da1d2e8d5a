import { Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AccessService } from '../../access/access.service';
import { ChildrenService } from '../../children/children.service';
import { ChronologyService } from '../../chronology/chronology.service';
import { EntryContentDto } from '../../chronology/dto/entry-content.dto';
import { EventTaxonomyService } from '../../chronology/event-taxonomy.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { EMPTY_SUMMARY, ENTRY_FORM_INPUTS, entryContentOf, entryFormValues, EntryFormValues, entryFormWording } from '../entry-form';
import { ApiFormValidation, FormError, formErrorsView, submitForm } from '../forms';
import { FormBody } from '../form-body.decorator';
import { WebPage } from '../web-page.decorator';
import { chronologyPath } from '../web-routes';
import { entryFormViewModel } from './entry-form.view-model';

/**
 * Journey 4: add an entry, essentials first and the rest under "more detail", offering only the
 * fields the access policy lets the user write. Mirrors GET /api/children/:id (the child named at
 * the top) and POST /api/children/:childId/entries, through the same services and audit.
 */
@WebPage()
@Controller('child/:childId/entries/new')
export class AddEntryPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly access: AccessService,
    private readonly chronology: ChronologyService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  async form(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Res() res: Response): Promise<void> {
    res.render('pages/add-entry', await this.model(caller, childId, entryFormValues({}), []));
  }

  @Post()
  async add(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @FormBody() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = entryFormValues(body);
    const { content, problems } = entryContentOf(values);
    const wording = entryFormWording(values);
    const checked = await this.forms.check(EntryContentDto, content, wording);
    // The page's own problems (dates, an empty summary) come first, so they are the ones shown beside their fields; the API's follow.
    const errors: FormError[] = [...problems, ...(values.summary ? [] : [EMPTY_SUMMARY]), ...('errors' in checked ? checked.errors : [])];
    const recorded =
      errors.length > 0 || 'errors' in checked
        ? { errors }
        : await submitForm(() => this.chronology.recordEntry(caller, childId, checked.value), wording, {
            FIELD_NOT_WRITABLE: { field: 'sensitivity', text: 'The access policy does not let you record some of these details at this sensitivity: choose another sensitivity or leave them out' },
          });
    if ('errors' in recorded) {
      res.status(400).render('pages/add-entry', await this.model(caller, childId, values, recorded.errors));
      return;
    }
    res.redirect(303, `${chronologyPath(childId)}#entry-${recorded.value.id}`);
  }

  private async model(caller: Caller, childId: string, values: EntryFormValues, errors: FormError[]) {
    const child = await this.children.get(caller, childId);
    const writable = await this.access.newEntryFields(caller, childId);
    return { child, ...entryFormViewModel(values, writable, this.taxonomy.all(), formErrorsView(errors, ENTRY_FORM_INPUTS)) };
  }
}
