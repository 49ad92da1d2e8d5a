import { isRealCalendarDate } from '../common/dates';
import { formText } from './forms';

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
