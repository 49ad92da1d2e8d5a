import { AuditPeriodQuery } from '../dpo/dto/audit-time';
import { dateInputProblem, dateInputValue, DateInputValue, isoFromDateInput } from './date-input';
import { ApiFormValidation, FormError } from './forms';

export const PERIOD_FIELDS = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year'];

const WORDING = {
  from: { field: 'from-day', text: 'The start of the period must be a real date' },
  to: { field: 'to-day', text: 'The end of the period must be the same as or after the start' },
};

export interface PeriodValues {
  from: DateInputValue;
  to: DateInputValue;
}

/**
 * A period chosen with two of the design system's date inputs in a GET form (from-day, ...,
 * to-year): whole UK days, as the audit API takes them, checked by its own DTO. Either end may be
 * left empty for the API's default.
 */
export async function readPeriod(forms: ApiFormValidation, query: unknown): Promise<{ values: PeriodValues; errors: FormError[]; period: AuditPeriodQuery }> {
  const values = { from: dateInputValue(query, 'from'), to: dateInputValue(query, 'to') };
  const errors: FormError[] = [];
  for (const [name, label] of [['from', 'The start of the period'], ['to', 'The end of the period']] as const) {
    const problem = dateInputProblem(values[name], label);
    if (problem) errors.push({ field: `${name}-${problem.part}`, text: problem.text });
  }
  const given = Object.fromEntries(Object.entries({ from: isoFromDateInput(values.from), to: isoFromDateInput(values.to) }).filter(([, value]) => value));
  if (errors.length > 0) return { values, errors, period: {} };
  const checked = await forms.check(AuditPeriodQuery, given, WORDING);
  if ('errors' in checked) return { values, errors: checked.errors, period: {} };
  return { values, errors, period: checked.value };
}

/** The same period as query parameters, for a download link that matches the page. */
export function periodQueryString(values: PeriodValues): string {
  const parameters = new URLSearchParams();
  for (const name of ['from', 'to'] as const) for (const part of ['day', 'month', 'year'] as const) if (values[name][part]) parameters.set(`${name}-${part}`, values[name][part]);
  return parameters.toString();
}
