import { Body, Controller, Get, Post, Render, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AgenciesService } from '../../agencies/agencies.service';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import { ExtendRetentionDto, LiftLegalHoldDto, PlaceLegalHoldDto, RetentionRecordDto } from '../../retention/dto/retention.dto';
import { RecordsManagementService } from '../../retention/records-management';
import { RetentionService } from '../../retention/retention.service';
import { agencyNamer } from '../agency-names';
import { childByIdentifier, submitOrConflict } from '../dpo-forms';
import { dateInputProblem, dateInputValue, isoFromDateInput } from '../date-input';
import { ApiFormValidation, FormError, formErrorsView, formText, FormWording, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';

const REASON = 'in 10 to 2000 characters';
const DECIDE_WORDING: FormWording = {
  reason: { field: 'reason', text: `Enter the reason, ${REASON}` },
  extendTo: { field: 'extendTo-day', text: 'Enter a real date after the current review date' },
  childId: { field: 'reason' },
  retentionClass: { field: 'reason' },
};
const HOLD_FIELDS = ['scope', 'identifier', 'agency', 'reason', 'requestedBy'];
const HOLD_WORDING: FormWording = {
  scope: { field: 'scope', text: 'Select what the hold covers' },
  childId: { field: 'identifier', text: 'Enter the identifier of the child the hold covers, and only for a hold on one child' },
  agency: { field: 'agency', text: 'Select the agency whose records the hold covers, and only for a hold on one agency' },
  reason: { field: 'reason', text: `Enter why the records must be kept, ${REASON}` },
  requestedBy: { field: 'requestedBy', text: 'Enter who asked for the hold, in up to 300 characters' },
};
const LIFT_WORDING: FormWording = { reason: { field: 'reason', text: `Enter why the hold is lifted, ${REASON}` } };

/**
 * Retention (docs/retention.md) for the data protection officer: the records that have reached
 * review, with any legal hold (GET /api/retention/due); a record's page to extend it or confirm its
 * destruction (POST /api/retention/extensions, /destructions) and the destruction certificate; the
 * legal holds, placing and lifting them (/api/retention/legal-holds). Records are named by child id,
 * class and entry count: never by what the entries say.
 */
@WebPage()
@Controller('dpo/retention')
export class DpoRetentionPage {
  constructor(
    private readonly retention: RetentionService,
    private readonly records: RecordsManagementService,
    private readonly children: ChildrenService,
    private readonly agencies: AgenciesService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/retention')
  async show(@CurrentCaller() caller: Caller) {
    const due = await this.retention.due(caller);
    const holds = await this.retention.listHolds(caller);
    const agencyName = await agencyNamer(this.agencies);
    return { due: due.map((record) => ({ ...record, classLabel: this.classLabel(record.retentionClass) })), holds: holds.map((hold) => ({ ...hold, agencyName: hold.agency ? agencyName(hold.agency) : null })) };
  }

  @Get('decide')
  @Render('pages/dpo/retention-decide')
  async decideForm(@CurrentCaller() caller: Caller, @Req() { query }: Request) {
    return this.decideModel(caller, formText(query, 'childId'), formText(query, 'retentionClass'), {});
  }

  @Post('extensions')
  async extend(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const extendTo = dateInputValue(body, 'extendTo');
    const errors: FormError[] = [];
    const dateProblem = dateInputProblem(extendTo, 'The new review date');
    if (dateProblem) errors.push({ field: `extendTo-${dateProblem.part}`, text: dateProblem.text });
    const given = { ...this.recordOf(body), extendTo: isoFromDateInput(extendTo) ?? '' };
    const checked = await this.forms.check(ExtendRetentionDto, given, DECIDE_WORDING);
    if ('errors' in checked) errors.push(...checked.errors);
    const done = errors.length > 0 || 'errors' in checked ? { errors } : await submitForm(() => this.retention.extend(caller, checked.value), DECIDE_WORDING);
    if ('errors' in done) {
      const values = { extend: { reason: formText(body, 'reason'), extendTo } };
      res.status(400).render('pages/dpo/retention-decide', await this.decideModel(caller, given.childId, given.retentionClass, values, 'extend', done.errors));
      return;
    }
    res.redirect(303, '/dpo/retention');
  }

  @Post('destructions')
  async destroy(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const given = this.recordOf(body, 'destroyReason');
    const wording = { ...DECIDE_WORDING, reason: { field: 'destroyReason', text: DECIDE_WORDING.reason.text } };
    const errors: FormError[] = formText(body, 'confirm') === 'yes' ? [] : [{ field: 'confirm', text: 'Confirm that the content of these entries is to be destroyed' }];
    const checked = await this.forms.check(RetentionRecordDto, given, wording);
    if ('errors' in checked) errors.push(...checked.errors);
    const done = errors.length > 0 || 'errors' in checked ? { errors } : await submitOrConflict(() => this.retention.destroy(caller, checked.value), wording, 'confirm');
    if ('errors' in done) {
      const values = { destroy: { destroyReason: formText(body, 'destroyReason') } };
      res.status(400).render('pages/dpo/retention-decide', await this.decideModel(caller, given.childId, given.retentionClass, values, 'destroy', done.errors));
      return;
    }
    res.redirect(303, `/dpo/retention/certificates/${done.value.id}`);
  }

  @Get('certificates/:certificateId')
  @Render('pages/dpo/destruction-certificate')
  async certificate(@CurrentCaller() caller: Caller, @UuidParam('certificateId') certificateId: string) {
    const certificate = await this.retention.certificate(caller, certificateId);
    return { certificate, classLabel: this.classLabel(certificate.retentionClass) };
  }

  @Get('legal-holds/new')
  @Render('pages/dpo/legal-hold-new')
  async holdForm() {
    return { values: {}, agencies: await this.agencyItems('') };
  }

  @Post('legal-holds/new')
  async place(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = Object.fromEntries(HOLD_FIELDS.map((field) => [field, formText(body, field)]));
    const errors: FormError[] = [];
    let childId: string | undefined;
    if (values.identifier) {
      const found = await childByIdentifier(this.forms, this.children, caller, values.identifier);
      if (typeof found === 'string') childId = found;
      else errors.push(found);
    }
    const given = Object.fromEntries(Object.entries({ scope: values.scope, childId, agency: values.agency || undefined, reason: values.reason, requestedBy: values.requestedBy }).filter(([, value]) => value !== undefined));
    if (values.scope === 'child' && !values.identifier) errors.push({ field: 'identifier', text: HOLD_WORDING.childId.text! });
    const checked = await this.forms.check(PlaceLegalHoldDto, given, HOLD_WORDING);
    if ('errors' in checked) errors.push(...checked.errors);
    const done = errors.length > 0 || 'errors' in checked ? { errors } : await submitForm(() => this.retention.placeHold(caller, checked.value), HOLD_WORDING);
    if ('errors' in done) {
      res.status(400).render('pages/dpo/legal-hold-new', { values, agencies: await this.agencyItems(values.agency), errors: formErrorsView(done.errors, HOLD_FIELDS) });
      return;
    }
    res.redirect(303, '/dpo/retention#legal-holds');
  }

  @Get('legal-holds/:holdId/lift')
  @Render('pages/dpo/legal-hold-lift')
  async liftForm(@CurrentCaller() caller: Caller, @UuidParam('holdId') holdId: string) {
    return { hold: await this.hold(caller, holdId), values: {} };
  }

  @Post('legal-holds/:holdId/lift')
  async lift(@CurrentCaller() caller: Caller, @UuidParam('holdId') holdId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = { reason: formText(body, 'reason') };
    const checked = await this.forms.check(LiftLegalHoldDto, values, LIFT_WORDING);
    const done = 'errors' in checked ? checked : await submitOrConflict(() => this.retention.liftHold(caller, holdId, checked.value), LIFT_WORDING, 'reason');
    if ('errors' in done) {
      res.status(400).render('pages/dpo/legal-hold-lift', { hold: await this.hold(caller, holdId), values, errors: formErrorsView(done.errors, ['reason']) });
      return;
    }
    res.redirect(303, '/dpo/retention#legal-holds');
  }

  /** The hold (GET /api/retention/legal-holds/:holdId, audited as that hold read). */
  private async hold(caller: Caller, holdId: string) {
    const hold = await this.retention.hold(caller, holdId);
    return { ...hold, agencyName: hold.agency ? (await agencyNamer(this.agencies))(hold.agency) : null };
  }

  /** The record, as the due list gives it, audited as that one record read; one not due is not found. */
  private async decideModel(caller: Caller, childId: string, retentionClass: string, values: Record<string, unknown>, form?: 'extend' | 'destroy', errors: FormError[] = []) {
    const record = await this.retention.dueRecord(caller, childId, retentionClass);
    const fields = form === 'extend' ? ['extendTo-day', 'extendTo-month', 'extendTo-year', 'reason'] : ['destroyReason', 'confirm'];
    return { record, classLabel: this.classLabel(retentionClass), values, errorsOf: form, errors: form ? formErrorsView(errors, fields) : null };
  }

  private recordOf(body: Record<string, unknown>, reasonField = 'reason') {
    return { childId: formText(body, 'childId'), retentionClass: formText(body, 'retentionClass'), reason: formText(body, reasonField) };
  }

  private classLabel(id: string): string {
    return this.records.settings.retentionClasses.find((candidate) => candidate.id === id)?.label ?? id;
  }

  private async agencyItems(selected: string) {
    const agencies = await this.agencies.listAll();
    return [{ value: '', text: 'Not for one agency' }, ...agencies.map((agency) => ({ value: agency.code, text: agency.name, selected: agency.code === selected }))];
  }

}
