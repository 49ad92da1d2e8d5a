import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { DisclosuresService } from '../../dpo/disclosures.service';
import { RegisterQuery } from '../../sharing/dto/register.query';
import { SharingService } from '../../sharing/sharing.service';
import { dateInputProblem, dateInputValue, isoFromDateInput } from '../date-input';
import { ApiFormValidation, FormError, formErrorsView, formText } from '../forms';
import { WebPage } from '../web-page.decorator';

const FIELDS = ['childId', 'since-day', 'since-month', 'since-year'];
const WORDING = { childId: { field: 'childId', text: "Enter the child's Chronicle id as the Data protection pages give it" }, since: { field: 'since-day' } };

/**
 * The register of disclosures (GET /api/disclosures: every share beyond the default audience and
 * every printed chronology, with its lawful basis) and of sharing decisions, refusals included (GET
 * /api/sharing-decisions), across the organisation or for one child, each audited as its API read.
 */
@WebPage()
@Controller('dpo/disclosures')
export class DpoDisclosuresPage {
  constructor(
    private readonly disclosures: DisclosuresService,
    private readonly sharing: SharingService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/dpo/disclosures')
  async show(@CurrentCaller() caller: Caller, @Req() { query }: Request) {
    const values = { childId: formText(query, 'childId'), since: dateInputValue(query, 'since') };
    const errors: FormError[] = [];
    const sinceProblem = dateInputProblem(values.since, 'The date');
    if (sinceProblem) errors.push({ field: `since-${sinceProblem.part}`, text: sinceProblem.text });
    const given = Object.fromEntries(Object.entries({ childId: values.childId, since: isoFromDateInput(values.since) }).filter(([, value]) => value));
    const checked = errors.length > 0 ? { errors } : await this.forms.check(RegisterQuery, given, WORDING);
    if ('errors' in checked) return { values, errors: formErrorsView(checked.errors, FIELDS) };
    return { values, disclosures: await this.disclosures.register(caller, checked.value), decisions: await this.sharing.register(caller, checked.value) };
  }
}
