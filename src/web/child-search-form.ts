import { SearchChildrenQuery } from '../children/dto/search-children.query';
import { dateInputProblem, dateInputValue, DateInputValue, isoFromDateInput } from './date-input';
import { ApiFormValidation, FormErrorsView, formErrorsView, FormError, formText } from './forms';
import { IDENTIFIER_FORMATS_IN_WORDS } from '../children/identifier-format';

const FIELDS = ['name', 'dateOfBirth-day', 'dateOfBirth-month', 'dateOfBirth-year', 'identifier'];

const WORDING = {
  name: { field: 'name', text: 'Enter a name using letters, spaces, hyphens and apostrophes, up to 100 characters' },
  dateOfBirth: { field: 'dateOfBirth-day', text: 'Date of birth must be a real date, for example 27 3 2012' },
  identifier: { field: 'identifier', text: `Enter ${IDENTIFIER_FORMATS_IN_WORDS}` },
};

export interface ChildSearchValues {
  name: string;
  identifier: string;
  dateOfBirth: DateInputValue;
}

/**
 * The "find a child" form (partials/child-search-form.njk), read and checked by the API query's
 * own DTO: a practitioner's search (SearchChildrenQuery) and a data protection officer's look-up
 * (ChildLookupQuery) take the same criteria.
 */
export async function readChildSearch<T extends SearchChildrenQuery>(
  forms: ApiFormValidation,
  dto: new () => T,
  body: unknown,
): Promise<{ values: ChildSearchValues; errors: FormErrorsView } | { values: ChildSearchValues; query: T }> {
  const values = { name: formText(body, 'name'), identifier: formText(body, 'identifier'), dateOfBirth: dateInputValue(body, 'dateOfBirth') };
  const errors: FormError[] = [];
  const dateProblem = dateInputProblem(values.dateOfBirth, 'Date of birth');
  if (dateProblem) errors.push({ field: `dateOfBirth-${dateProblem.part}`, text: dateProblem.text });
  const criteria = Object.fromEntries(
    Object.entries({ name: values.name, identifier: values.identifier, dateOfBirth: isoFromDateInput(values.dateOfBirth) }).filter(([, value]) => value),
  );
  if (errors.length === 0 && Object.keys(criteria).length === 0) errors.push({ field: 'name', text: 'Enter a name, a date of birth or an identifier' });
  if (errors.length > 0) return { values, errors: formErrorsView(errors, FIELDS)! };
  const checked = await forms.check(dto, criteria, WORDING);
  if ('errors' in checked) return { values, errors: formErrorsView(checked.errors, FIELDS)! };
  return { values, query: checked.value };
}
