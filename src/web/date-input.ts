import { isRealCalendarDate } from '../common/dates';
import { FormError, formText, inputGroup } from './forms';

/** The three boxes of the design system's date input, as typed. */
export interface DateInputValue {
  day: string;
  month: string;
  year: string;
}

export function dateInputValue(body: unknown, name: string): DateInputValue {
  return { day: formText(body, `${name}-day`), month: formText(body, `${name}-month`), year: formText(body, `${name}-year`) };
}

const isEmpty = (value: DateInputValue) => !value.day && !value.month && !value.year;

/** `YYYY-MM-DD` from complete boxes, or null (left empty, or not a date: dateInputProblem says which). */
export function isoFromDateInput(value: DateInputValue): string | null {
  if (isEmpty(value) || ![value.day, value.month, value.year].every((part) => /^\d{1,4}$/.test(part)) || value.year.length !== 4) return null;
  const iso = `${value.year}-${value.month.padStart(2, '0')}-${value.day.padStart(2, '0')}`;
  return isRealCalendarDate(iso) ? iso : null;
}

/** What is wrong with a date the user started to give, in the design system's words, and the box to put right first. */
export function dateInputProblem(value: DateInputValue, label: string): { part: 'day' | 'month' | 'year'; text: string } | null {
  if (isEmpty(value)) return null;
  const missing = (['day', 'month', 'year'] as const).filter((part) => !value[part]);
  if (missing.length > 0) return { part: missing[0], text: `${label} must include a ${missing.join(' and ')}` };
  if (value.year.length !== 4) return { part: 'year', text: 'Year must include 4 numbers' };
  if (isoFromDateInput(value) === null) return { part: 'day', text: `${label} must be a real date` };
  return null;
}

/** How much of a date the user knows, as the entry's datePrecision says it. */
export type KnownDatePart = 'day' | 'month' | 'year' | 'approximate';

/**
 * A date given to a precision: the day and month are left empty when only the month or year is
 * known (a day or month typed anyway is a problem, not dropped) (the entry records the first day of it, and shows only what is known); an approximate date
 * is a best guess at the day. `iso` is null where the boxes do not give such a date, and `problem`
 * says why (nothing, for boxes all left empty).
 */
export function dateToPrecision(value: DateInputValue, precision: KnownDatePart, label: string): { iso: string | null; problem: { part: 'day' | 'month' | 'year'; text: string } | null } {
  if (precision === 'day' || precision === 'approximate') return { iso: isoFromDateInput(value), problem: dateInputProblem(value, label) };
  const filled = precision === 'month' ? { ...value, day: '1' } : { day: '1', month: '1', year: value.year };
  if (isEmpty(value)) return { iso: null, problem: null };
  const needed = precision === 'month' ? (['month', 'year'] as const) : (['year'] as const);
  const missing = needed.filter((part) => !value[part]);
  // A day (or month) typed beside "only the month (or year) is known" contradicts it: said, not silently dropped.
  const extra = (['day', 'month'] as const).filter((part) => value[part] && !needed.includes(part as never));
  if (extra.length > 0) {
    const known = precision === 'month' ? 'the month' : 'the year';
    return { iso: null, problem: { part: extra[0], text: `${label}: leave the ${extra.join(' and ')} empty if you know only ${known}, or say you know the exact day` } };
  }
  if (missing.length > 0) return { iso: null, problem: { part: missing[0], text: `${label} must include a ${missing.join(' and ')}` } };
  const problem = dateInputProblem(filled, label);
  return { iso: problem ? null : isoFromDateInput(filled), problem: problem && { ...problem, part: problem.part === 'day' ? needed[0] : problem.part } };
}

/** A date the form requires, as `YYYY-MM-DD` for the DTO, or the design system's problem with it (the DTO's own message is then replaced). */
export function requiredDate(value: DateInputValue, name: string, label: string, required: boolean): { iso: string | undefined; problem: FormError | null } {
  const problem = dateInputProblem(value, label);
  if (problem) return { iso: undefined, problem: { field: `${name}-${problem.part}`, text: problem.text } };
  const iso = isoFromDateInput(value) ?? undefined;
  return { iso, problem: required && !iso ? { field: `${name}-day`, text: `Enter the ${label.toLowerCase()}` } : null };
}

/** The DTO's problems and the date inputs' own, the latter in place of the DTO's for the same date: every problem at once. */
export function mergeProblems(dtoErrors: FormError[], dateProblems: (FormError | null)[]): FormError[] {
  const dates = dateProblems.filter((problem): problem is FormError => problem !== null);
  const dateInputs = new Set(dates.map((problem) => inputGroup(problem.field)));
  return [...dtoErrors.filter((error) => !dateInputs.has(inputGroup(error.field))), ...dates];
}
