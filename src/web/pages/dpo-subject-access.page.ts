import { Body, Controller, Get, Post, Render, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ChildrenService } from '../../children/children.service';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { UuidParam } from '../../common/uuid-param';
import {
  CloseSubjectAccessRequestDto,
  ExtendSubjectAccessRequestDto,
  ProducePackDto,
  RecordSubjectAccessRequestDto,
  ReleaseEntryDto,
} from '../../subject-access/dto/subject-access.dto';
import { REQUESTER_CAPACITIES, SUBJECT_ACCESS_EXEMPTIONS } from '../../subject-access/exemptions';
import { SubjectAccessPackService } from '../../subject-access/subject-access-pack.service';
import { SubjectAccessService } from '../../subject-access/subject-access.service';
import { childByIdentifier, submitOrConflict } from '../dpo-forms';
import { dateInputProblem, dateInputValue, isoFromDateInput } from '../date-input';
import { ApiFormValidation, FormError, formErrorsView, formText, FormWording, submitForm } from '../forms';
import { WebPage } from '../web-page.decorator';

/** Who asked, in the page's words (the API's REQUESTER_CAPACITIES). */
export const CAPACITY_WORDS: Record<(typeof REQUESTER_CAPACITIES)[number], string> = {
  'young-person': 'The young person',
  'parental-responsibility': 'Someone with parental responsibility',
  representative: 'Someone acting for either (a solicitor or advocate)',
};

export const capacityItems = (checked: string) => REQUESTER_CAPACITIES.map((value) => ({ value, text: CAPACITY_WORDS[value], checked: checked === value }));

const RECORD_FIELDS = ['identifier', 'requesterName', 'capacity', 'receivedOn-day', 'receivedOn-month', 'receivedOn-year', 'notes'];
const RECORD_WORDING: FormWording = {
  requesterName: { field: 'requesterName', text: 'Enter the name of the person who asked, as they signed the request, in up to 200 characters' },
  capacity: { field: 'capacity', text: 'Select who asked' },
  receivedOn: { field: 'receivedOn-day', text: 'Enter the date the request was received: a real date, not in the future' },
  notes: { field: 'notes', label: 'Notes' },
};

/** Each form on a request's page: its inputs (ids unique on the page), the DTO's wording, and what a refusal of the whole form says. */
const FORMS = {
  extend: {
    fields: ['months', 'extensionReason'],
    wording: { months: { field: 'months', text: 'Select by how many months to extend' }, reason: { field: 'extensionReason', text: 'Enter why the request is extended, in 10 to 2000 characters' } },
  },
  release: {
    fields: ['entryId', 'releaseReason'],
    wording: { entryId: { field: 'entryId', text: "Enter the id of an entry in this child's chronology" }, reason: { field: 'releaseReason', text: 'Enter why the entry may be released (the ICO three-step test), in 10 to 2000 characters' } },
  },
  pack: { fields: ['format'], wording: { format: { field: 'format', text: 'Select PDF or JSON' } } },
  close: { fields: ['status'], wording: { status: { field: 'status', text: 'Select completed or withdrawn' } } },
} satisfies Record<string, { fields: string[]; wording: FormWording }>;
type RequestForm = keyof typeof FORMS;

/**
 * Subject access requests (docs/subject-access.md) for the data protection officer: the list, the
 * overdue first (GET /api/subject-access-requests); recording one for a child found by an
 * identifier (the DPO's look-up, then POST /api/children/:childId/subject-access-requests); and one
 * request's page with its extensions, releases, packs and closure, each form its API twin with the
 * same service and audit. No page here shows an entry's content: entries are named by id; the pack
 * itself is the data subject's, downloaded as the API gives it.
 */
@WebPage()
@Controller('dpo/subject-access')
export class DpoSubjectAccessPage {
  constructor(
    private readonly requests: SubjectAccessService,
    private readonly packs: SubjectAccessPackService,
    private readonly children: ChildrenService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/subject-access')
  async list(@CurrentCaller() caller: Caller) {
    return { requests: await this.requests.list(caller, {}), capacityWords: CAPACITY_WORDS };
  }

  @Get('new')
  @Render('pages/dpo/subject-access-new')
  newForm() {
    return { values: { receivedOn: {} }, capacities: capacityItems('') };
  }

  @Post('new')
  async record(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = {
      identifier: formText(body, 'identifier'),
      requesterName: formText(body, 'requesterName'),
      capacity: formText(body, 'capacity'),
      receivedOn: dateInputValue(body, 'receivedOn'),
      notes: formText(body, 'notes'),
    };
    const errors: FormError[] = [];
    const dateProblem = dateInputProblem(values.receivedOn, 'The date received');
    if (dateProblem) errors.push({ field: `receivedOn-${dateProblem.part}`, text: dateProblem.text });
    const child = await childByIdentifier(this.forms, this.children, caller, values.identifier);
    const childId = typeof child === 'string' ? child : null;
    if (typeof child !== 'string') errors.push(child);
    const given = { requesterName: values.requesterName, capacity: values.capacity, receivedOn: isoFromDateInput(values.receivedOn) ?? '', ...(values.notes ? { notes: values.notes } : {}) };
    const checked = await this.forms.check(RecordSubjectAccessRequestDto, given, RECORD_WORDING);
    if ('errors' in checked) errors.push(...checked.errors);
    const recorded = errors.length > 0 || 'errors' in checked || !childId ? { errors } : await submitForm(() => this.requests.record(caller, childId, checked.value), RECORD_WORDING);
    if ('errors' in recorded) {
      res.status(400).render('pages/dpo/subject-access-new', { values, capacities: capacityItems(values.capacity), errors: formErrorsView(recorded.errors, RECORD_FIELDS) });
      return;
    }
    res.redirect(303, `/dpo/subject-access/${recorded.value.id}`);
  }

  @Get(':requestId')
  @Render('pages/dpo/subject-access-request')
  async show(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string) {
    return this.requestModel(caller, requestId, {});
  }

  @Post(':requestId/extensions')
  async extend(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const months = formText(body, 'months');
    await this.submit(caller, requestId, 'extend', body, ExtendSubjectAccessRequestDto, { months: months === '' ? undefined : Number(months), reason: formText(body, 'extensionReason') }, (dto) =>
      this.requests.extend(caller, requestId, dto),
    res);
  }

  @Post(':requestId/releases')
  async release(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.submit(caller, requestId, 'release', body, ReleaseEntryDto, { entryId: formText(body, 'entryId'), reason: formText(body, 'releaseReason') }, (dto) => this.requests.release(caller, requestId, dto), res);
  }

  @Post(':requestId/closure')
  async close(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.submit(caller, requestId, 'close', body, CloseSubjectAccessRequestDto, { status: formText(body, 'status') }, (dto) => this.requests.close(caller, requestId, dto), res);
  }

  /** The pack as a download, produced, recorded and audited as POST /api/subject-access-requests/:id/packs produces it. */
  @Post(':requestId/packs')
  async pack(@CurrentCaller() caller: Caller, @UuidParam('requestId') requestId: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const values = { format: formText(body, 'format') };
    const checked = await this.forms.check(ProducePackDto, values, FORMS.pack.wording);
    const produced = 'errors' in checked ? checked : await submitOrConflict(() => this.packs.produce(caller, requestId, checked.value), FORMS.pack.wording, 'format');
    if ('errors' in produced) {
      res.status(400).render('pages/dpo/subject-access-request', await this.requestModel(caller, requestId, { pack: values }, 'pack', produced.errors));
      return;
    }
    const pack = produced.value;
    res.setHeader('content-type', pack.format === 'pdf' ? 'application/pdf' : 'application/json; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="subject-access-${pack.packId}.${pack.format}"`);
    res.setHeader('x-pack-id', pack.packId);
    res.setHeader('x-pack-sha256', pack.sha256);
    res.status(200).end(pack.body);
  }

  private async submit<T extends object>(
    caller: Caller,
    requestId: string,
    form: RequestForm,
    body: Record<string, unknown>,
    dto: new () => T,
    given: Record<string, unknown>,
    work: (value: T) => Promise<unknown>,
    res: Response,
  ): Promise<void> {
    const { wording, fields } = FORMS[form];
    const checked = await this.forms.check(dto, given, wording);
    const done = 'errors' in checked ? checked : await submitOrConflict(() => work(checked.value), wording, fields[0]);
    if ('errors' in done) {
      const values = Object.fromEntries(fields.map((field) => [field, formText(body, field)]));
      res.status(400).render('pages/dpo/subject-access-request', await this.requestModel(caller, requestId, { [form]: values }, form, done.errors));
      return;
    }
    res.redirect(303, `/dpo/subject-access/${requestId}#${form}`);
  }

  /** The request as GET /api/subject-access-requests/:id reads it (and audits it), with one form's values and problems. */
  private async requestModel(caller: Caller, requestId: string, values: Partial<Record<RequestForm, Record<string, string>>>, form?: RequestForm, errors: FormError[] = []) {
    const request = await this.requests.get(caller, requestId);
    const extended = request.extensions.reduce((sum, extension) => sum + extension.months, 0);
    return {
      request,
      values,
      capacityWords: CAPACITY_WORDS,
      exemptionWords: Object.fromEntries(Object.entries(SUBJECT_ACCESS_EXEMPTIONS).map(([code, { label }]) => [code, label])),
      monthsLeft: Math.max(0, 2 - extended),
      errorsOf: form,
      errors: form ? formErrorsView(errors, FORMS[form].fields) : null,
    };
  }

}
