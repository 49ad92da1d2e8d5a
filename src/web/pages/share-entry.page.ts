import { Controller, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { ChildrenService } from '../../children/children.service';
import { ChronologyService } from '../../chronology/chronology.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { RecordSharingDecisionDto } from '../../sharing/dto/record-sharing-decision.dto';
import { SharingService } from '../../sharing/sharing.service';
import { ApiFormValidation, FormError, formErrorsView, formText, submitForm } from '../forms';
import { FormBody } from '../form-body.decorator';
import { WebPage } from '../web-page.decorator';
import { entryPath } from '../web-routes';

const INPUTS = ['recipientAgency', 'decision', 'purpose', 'necessity', 'lawfulBasis', 'familyInformed', 'familyNotInformedReason', 'familyViews'] as const;
type SharingFormValues = Record<(typeof INPUTS)[number], string>;

/**
 * Journey 5: record a decision to share an entry with a further agency, or not to, with what
 * GIRFEC's guidance says a share must record (purpose, necessity and proportionality, lawful
 * basis, whether the child or family was told and their views). Mirrors GET /api/entries/:id,
 * GET and POST /api/entries/:id/sharing-decisions, through SharingService and its audit.
 */
@WebPage()
@Controller('child/:childId/entries/:entryId/share')
export class ShareEntryPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly chronology: ChronologyService,
    private readonly sharing: SharingService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  async form(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string, @Res() res: Response): Promise<void> {
    const values = Object.fromEntries(INPUTS.map((input) => [input, ''])) as SharingFormValues;
    res.render('pages/share-entry', await this.model(caller, childId, entryId, values, []));
  }

  @Post()
  async record(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @UuidParam('entryId') entryId: string, @FormBody() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = Object.fromEntries(INPUTS.map((input) => [input, formText(body, input)])) as SharingFormValues;
    const given = (value: string) => value || undefined;
    const dto = {
      recipientAgency: values.recipientAgency,
      decision: values.decision,
      purpose: values.purpose,
      necessity: given(values.necessity),
      lawfulBasis: given(values.lawfulBasis),
      familyInformed: values.familyInformed === 'yes' ? true : values.familyInformed === 'no' ? false : undefined,
      familyNotInformedReason: given(values.familyNotInformedReason),
      familyViews: given(values.familyViews),
    };
    const wording = {
      recipientAgency: { field: 'recipientAgency', text: 'Select the agency' },
      decision: { field: 'decision', text: 'Select whether you are sharing the entry or refusing to' },
      purpose: values.purpose ? { field: 'purpose', label: 'The purpose' } : { field: 'purpose', text: 'Say why the entry is shared, or why sharing is refused' },
      necessity: values.necessity ? { field: 'necessity', label: 'The reason' } : { field: 'necessity', text: 'Say why sharing is necessary and proportionate' },
      lawfulBasis: values.lawfulBasis ? { field: 'lawfulBasis', label: 'The lawful basis' } : { field: 'lawfulBasis', text: 'Give the lawful basis for sharing' },
      familyInformed: { field: 'familyInformed', text: 'Select whether the child or family was told' },
      familyNotInformedReason: !values.familyNotInformedReason
        ? { field: 'familyNotInformedReason', text: 'Say why the child or family was not told' }
        : dto.familyInformed === true
          ? { field: 'familyNotInformedReason', text: 'Leave "If not, why not" empty: the child or family was told' }
          : { field: 'familyNotInformedReason', label: 'The reason' },
      familyViews: { field: 'familyViews', label: 'Their views' },
    };
    const checked = await this.forms.check(RecordSharingDecisionDto, dto, wording);
    const recorded = 'errors' in checked ? checked : await submitForm(() => this.sharing.record(caller, entryId, checked.value, childId), wording);
    if ('errors' in recorded) {
      res.status(400).render('pages/share-entry', await this.model(caller, childId, entryId, values, recorded.errors));
      return;
    }
    res.redirect(303, `${entryPath(childId, entryId)}/share#decisions`);
  }

  private async model(caller: Caller, childId: string, entryId: string, values: SharingFormValues, errors: FormError[]) {
    const entry = await this.chronology.readEntry(caller, entryId, childId, { mustMay: 'share', attempting: 'entry.read' });
    const child = await this.children.get(caller, childId);
    const decisions = await this.sharing.forEntry(caller, entryId);
    const recipients = (await this.agencies.listAll()).filter((agency) => agency.id !== entry.source.agency.id);
    return {
      child,
      entry,
      decisions,
      values,
      errors: formErrorsView(errors, [...INPUTS]),
      recipients: [{ value: '', text: 'Choose an agency' }, ...recipients.map((agency) => ({ value: agency.code, text: agency.name, selected: values.recipientAgency === agency.code }))],
      path: entryPath(childId, entryId),
    };
  }
}
