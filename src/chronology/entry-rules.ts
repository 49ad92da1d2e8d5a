import type { ErrorDetail } from '../common/domain-error';
import type { DatePrecision } from './entry-vocabulary';

/** What the rules across an entry's fields look at; fields left out are null. */
export interface RuleFields {
  eventDate: string;
  eventEndDate: string | null;
  datePrecision: DatePrecision;
  actionTaken: string | null;
  noActionReason: string | null;
}

/**
 * The rules across an entry's fields, in one place: checked on a new entry's request with its
 * fields' own checks, and on an amended entry's content once the changes are applied to it.
 */
export function contentRuleProblems(content: RuleFields, fieldPrefix = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const field = (name: string): string => `${fieldPrefix}${name}`;
  const eventDate = normaliseToPrecision(content.eventDate, content.datePrecision);
  if (content.eventEndDate !== null && content.eventEndDate < eventDate) {
    problems.push({ field: field('eventEndDate'), problem: `eventEndDate (${content.eventEndDate}) must not be before eventDate (${eventDate})` });
  }
  if (content.actionTaken === null && content.noActionReason === null) {
    problems.push({ field: field('actionTaken'), problem: 'actionTaken is required: record the action taken, or in noActionReason why none was taken' });
  }
  if (content.actionTaken !== null && content.noActionReason !== null) {
    problems.push({ field: field('noActionReason'), problem: 'give either actionTaken or noActionReason, not both' });
  }
  return problems;
}

/** Fields an amendment may change but never clear. */
const UNCLEARABLE_FIELDS: readonly string[] = [
  'eventDate',
  'datePrecision',
  'eventType',
  'wellbeingIndicators',
  'summary',
  'significant',
  'nature',
  'informationSource',
  'sensitivity',
  'namesThirdParties',
];

/**
 * An amendment's changes that clear (null) a field that cannot be cleared: checked on the request
 * with its other problems, and again wherever changes are applied.
 */
export function clearedFieldProblems(changes: object, fieldPrefix = ''): ErrorDetail[] {
  return UNCLEARABLE_FIELDS.filter((field) => (changes as Record<string, unknown>)[field] === null).map((field) => ({ field: `${fieldPrefix}${field}`, problem: `${field} cannot be cleared` }));
}

export function normaliseToPrecision(date: string, precision: DatePrecision): string {
  switch (precision) {
    case 'month':
      return `${date.slice(0, 7)}-01`;
    case 'year':
      return `${date.slice(0, 4)}-01-01`;
    case 'day':
    case 'approximate':
      return date;
  }
}
