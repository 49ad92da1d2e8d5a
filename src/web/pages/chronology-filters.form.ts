import { WELLBEING_INDICATORS } from '../../chronology/entry-vocabulary';
import { dateInputProblem, DateInputValue, dateInputValue, isoFromDateInput } from '../date-input';
import { FormError, formText, FormWording } from '../forms';

/**
 * The chronology page's filters, as they travel in its address (a GET form, so a view can be
 * bookmarked): the period as the design system's date inputs, agencies, wellbeing indicators as
 * repeated values, one event type, and two ticks. The address holds only filter values.
 */
export interface ChronologyFilterValues {
  from: DateInputValue;
  to: DateInputValue;
  agency: string[];
  eventType: string;
  wellbeingIndicator: string[];
  significant: string;
  includeEnteredInError: string;
  page: string;
  pageSize: string;
}

/** The inputs in page order, which the error summary follows; `filters` is the form itself, for what no input holds (the page number). */
export const FILTER_FIELDS = ['from-day', 'from-month', 'from-year', 'to-day', 'to-month', 'to-year', 'agency', 'eventType', 'wellbeingIndicator', 'significant', 'includeEnteredInError', 'filters'];

/** The API's query parameters, and what to tell the reader when one is refused. */
export const FILTER_WORDING: FormWording = {
  from: { field: 'from-day', text: 'The start of the period must be a real date' },
  to: { field: 'to-day', text: 'The end of the period must be the same as or after its start' },
  agency: { field: 'agency', text: 'Choose agencies from the list' },
  eventType: { field: 'eventType', text: 'Choose an event type from the list' },
  wellbeingIndicator: { field: 'wellbeingIndicator', text: `Choose wellbeing indicators from the list: ${WELLBEING_INDICATORS.join(', ')}` },
  significant: { field: 'significant', text: '"Significant events only" is either ticked or not' },
  includeEnteredInError: { field: 'includeEnteredInError', text: '"Include entries entered in error" is either ticked or not' },
  page: { field: 'filters', text: 'The page number must be a whole number from 1' },
  pageSize: { field: 'filters', text: 'The number of entries on a page must be from 1 to 2,000' },
};

function list(query: Record<string, unknown>, name: string): string[] {
  const value = query[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string' && item !== '');
}

export function filterValues(query: Record<string, unknown>): ChronologyFilterValues {
  return {
    from: dateInputValue(query, 'from'),
    to: dateInputValue(query, 'to'),
    agency: list(query, 'agency'),
    eventType: formText(query, 'eventType'),
    wellbeingIndicator: list(query, 'wellbeingIndicator'),
    significant: formText(query, 'significant'),
    includeEnteredInError: formText(query, 'includeEnteredInError'),
    page: formText(query, 'page'),
    pageSize: formText(query, 'pageSize'),
  };
}

/**
 * The API query the filters stand for, for the API's own DTO to check, with what is wrong with the
 * dates as typed (which the API never sees in boxes). Values left empty are left out, so the read is
 * audited as the same API read with the same parameters would be.
 */
export function apiQuery(values: ChronologyFilterValues): { query: Record<string, unknown>; errors: FormError[] } {
  const errors: FormError[] = [];
  for (const [name, label] of [
    ['from', 'The start of the period'],
    ['to', 'The end of the period'],
  ] as const) {
    const problem = dateInputProblem(values[name], label);
    if (problem) errors.push({ field: `${name}-${problem.part}`, text: problem.text });
  }
  const query: Record<string, unknown> = {
    from: isoFromDateInput(values.from) ?? undefined,
    to: isoFromDateInput(values.to) ?? undefined,
    agency: values.agency.length > 0 ? values.agency : undefined,
    eventType: values.eventType ? [values.eventType] : undefined,
    wellbeingIndicator: values.wellbeingIndicator.length > 0 ? values.wellbeingIndicator : undefined,
    significant: values.significant || undefined,
    includeEnteredInError: values.includeEnteredInError || undefined,
    page: values.page || undefined,
    pageSize: values.pageSize || undefined,
  };
  return { query: Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)), errors };
}

/** The page's own address with other values for some parameters (paging): every filter kept as the reader set it. */
export function filterAddress(path: string, values: ChronologyFilterValues, changes: Partial<Pick<ChronologyFilterValues, 'page'>>): string {
  const merged = { ...values, ...changes };
  const params = new URLSearchParams();
  for (const name of ['from', 'to'] as const) {
    for (const part of ['day', 'month', 'year'] as const) if (merged[name][part]) params.append(`${name}-${part}`, merged[name][part]);
  }
  for (const agency of merged.agency) params.append('agency', agency);
  if (merged.eventType) params.append('eventType', merged.eventType);
  for (const indicator of merged.wellbeingIndicator) params.append('wellbeingIndicator', indicator);
  for (const name of ['significant', 'includeEnteredInError', 'pageSize', 'page'] as const) if (merged[name]) params.append(name, merged[name]);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Whether any filter (not paging) is set: the page then offers to clear them. */
export function anyFilter(values: ChronologyFilterValues): boolean {
  const { page: _page, pageSize: _pageSize, from, to, ...rest } = values;
  return [from, to].some((date) => date.day || date.month || date.year) || Object.values(rest).some((value) => value.length > 0);
}
