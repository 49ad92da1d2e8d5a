import { Body, Controller, Get, HttpCode, Post, Render } from '@nestjs/common';
import { ChildrenService } from '../../children/children.service';
import { SearchChildrenQuery } from '../../children/dto/search-children.query';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { ApiFormValidation, FormError, formErrorsView, formText } from '../forms';
import { dateInputProblem, dateInputValue, isoFromDateInput } from '../date-input';
import { WebPage } from '../web-page.decorator';

const FIELDS = ['name', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'identifier'];

const WORDING = {
  name: { field: 'name', text: 'Enter a name using letters, spaces, hyphens and apostrophes, up to 100 characters' },
  dateOfBirth: { field: 'dateOfBirth-day', text: 'Date of birth must be a real date, for example 27 3 2012' },
  identifier: { field: 'identifier', text: 'Enter an identifier of up to 40 letters and digits' },
};

/**
 * Journey 2: find a child by name, date of birth or identifier, among the children the caller may
 * see (GET /api/children with the same criteria, audited as that search). The criteria go in a
 * form post, not the address: names, dates of birth and CHI numbers do not belong in URLs,
 * browser histories or logs.
 */
@WebPage()
@Controller('find-a-child')
export class FindAChildPage {
  constructor(
    private readonly children: ChildrenService,
    private readonly forms: ApiFormValidation,
  ) {}

  @Get()
  @Render('pages/find-a-child')
  form() {
    return { values: {}, searched: false };
  }

  @Post()
  @HttpCode(200)
  @Render('pages/find-a-child')
  async search(@CurrentCaller() caller: Caller, @Body() body: Record<string, unknown>) {
    const values = { name: formText(body, 'name'), identifier: formText(body, 'identifier'), dateOfBirth: dateInputValue(body, 'dateOfBirth') };
    const errors: FormError[] = [];
    const dateProblem = dateInputProblem(values.dateOfBirth, 'Date of birth');
    if (dateProblem) errors.push({ field: `dateOfBirth-${dateProblem.part}`, text: dateProblem.text });
    const criteria = { name: values.name || undefined, identifier: values.identifier || undefined, dateOfBirth: isoFromDateInput(values.dateOfBirth) ?? undefined };
    if (errors.length === 0 && !criteria.name && !criteria.identifier && !criteria.dateOfBirth) {
      errors.push({ field: 'name', text: 'Enter a name, a date of birth or an identifier' });
    }
    if (errors.length > 0) return { values, searched: false, errors: formErrorsView(errors, FIELDS) };
    const checked = await this.forms.check(SearchChildrenQuery, stripUndefined(criteria), WORDING);
    if ('errors' in checked) return { values, searched: false, errors: formErrorsView(checked.errors, FIELDS) };
    return { values, searched: true, results: await this.children.search(caller, checked.value) };
  }
}

function stripUndefined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
