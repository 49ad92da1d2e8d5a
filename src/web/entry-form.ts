import type { WritableEntryField } from '../access/access-policy';
import type { EntryContentDto } from '../chronology/dto/entry-content.dto';
import { DATE_PRECISIONS, DatePrecision } from '../chronology/entry-vocabulary';
import type { EntryView } from '../chronology/entry.view';
import { ENTRY_CONTENT_FIELDS, POLICY_FIELD_OF } from '../chronology/entry-content';
import { contentRuleProblems } from '../chronology/entry-rules';
import { isRealCalendarDate } from '../common/dates';
import type { ErrorDetail } from '../common/domain-error';
import { DateInputValue, dateInputValue, dateToPrecision } from './date-input';
import { FormError, formList, formText, FormWording } from './forms';

/**
 * The entry form (adding an entry, amending one): what the user typed, kept as typed so the form
 * can be shown again with its problems, and read into the API's EntryContentDto, whose own
 * validation then checks it (ApiFormValidation).
 */
export interface EntryFormValues {
  eventDate: DateInputValue;
  datePrecision: string;
  eventType: string;
  summary: string;
  significant: boolean;
  nature: string;
  actionTaken: string;
  noActionReason: string;
  eventEndDate: DateInputValue;
  eventTime: string;
  wellbeingIndicators: string[];
  detail: string;
  impactOnChild: string;
  outcome: string;
  professionalAnalysis: string;
  childView: string;
  informationSource: string;
  sourceReference: string;
  sensitivity: string;
  lawfulBasis: string;
  namesThirdParties: boolean;
}

/** The form's inputs in page order (ids the error summary links to). */
export const ENTRY_FORM_INPUTS = [
  'eventDate-day',
  'eventDate-month',
  'eventDate-year',
  'datePrecision',
  'eventType',
  'summary',
  'significant',
  'nature',
  'actionTaken',
  'noActionReason',
  'eventEndDate-day',
  'eventEndDate-month',
  'eventEndDate-year',
  'eventTime',
  'wellbeingIndicators',
  'detail',
  'impactOnChild',
  'outcome',
  'professionalAnalysis',
  'childView',
  'informationSource',
  'sourceReference',
  'sensitivity',
  'lawfulBasis',
  'namesThirdParties',
];

/** Inputs under "more detail": the section opens when one of them has a value or a problem. */
export const MORE_DETAIL_INPUTS = ENTRY_FORM_INPUTS.slice(ENTRY_FORM_INPUTS.indexOf('eventEndDate-day'));

const TEXT_INPUTS = ['eventType', 'summary', 'actionTaken', 'noActionReason', 'eventTime', 'detail', 'impactOnChild', 'outcome', 'professionalAnalysis', 'childView', 'informationSource', 'sourceReference', 'sensitivity', 'lawfulBasis'] as const;

export function entryFormValues(body: unknown): EntryFormValues {
  const text = Object.fromEntries(TEXT_INPUTS.map((field) => [field, formText(body, field)])) as Record<(typeof TEXT_INPUTS)[number], string>;
  return {
    ...text,
    eventDate: dateInputValue(body, 'eventDate'),
    datePrecision: formText(body, 'datePrecision'),
    significant: formText(body, 'significant') === 'true',
    nature: formText(body, 'nature'),
    eventEndDate: dateInputValue(body, 'eventEndDate'),
    wellbeingIndicators: formList(body, 'wellbeingIndicators'),
    namesThirdParties: formText(body, 'namesThirdParties') === 'true',
  };
}

/** The form filled in from an entry as the reader sees it (for amending it): fields withheld from them stay empty. */
export function entryFormValuesOf(entry: EntryView): EntryFormValues {
  const date = (iso: string | null | undefined, precision: DatePrecision = 'day'): DateInputValue => {
    if (!iso) return { day: '', month: '', year: '' };
    const [year, month, day] = iso.split('-');
    return { day: precision === 'day' || precision === 'approximate' ? String(Number(day)) : '', month: precision === 'year' ? '' : String(Number(month)), year };
  };
  return {
    eventDate: date(entry.eventDate, entry.datePrecision),
    datePrecision: entry.datePrecision ?? '',
    eventType: entry.eventType?.code ?? '',
    summary: entry.summary ?? '',
    significant: entry.significant ?? false,
    nature: entry.nature ?? '',
    actionTaken: entry.actionTaken ?? '',
    noActionReason: entry.noActionReason ?? '',
    eventEndDate: date(entry.eventEndDate),
    eventTime: entry.eventTime ?? '',
    wellbeingIndicators: entry.wellbeingIndicators ?? [],
    detail: entry.detail ?? '',
    impactOnChild: entry.impactOnChild ?? '',
    outcome: entry.outcome ?? '',
    professionalAnalysis: entry.professionalAnalysis ?? '',
    childView: entry.childView ?? '',
    informationSource: entry.informationSource ?? '',
    sourceReference: entry.sourceReference ?? '',
    sensitivity: entry.sensitivity ?? '',
    lawfulBasis: entry.lawfulBasis ?? '',
    namesThirdParties: entry.namesThirdParties ?? false,
  };
}

/**
 * The entry's content as the API takes it, from the form, and the problems only the form can have
 * (date boxes that do not make a date). Empty inputs are left out (the API's defaults apply), as
 * are boxes the form did not offer; a field the user may not write is refused by the service.
 */
export function entryContentOf(values: EntryFormValues): { content: Partial<Record<keyof EntryContentDto, unknown>>; problems: FormError[] } {
  const problems: FormError[] = [];
  const precision = (DATE_PRECISIONS as readonly string[]).includes(values.datePrecision) ? (values.datePrecision as DatePrecision) : 'day';
  const eventDate = dateToPrecision(values.eventDate, precision, 'The date of the event');
  if (eventDate.problem) problems.push({ field: `eventDate-${eventDate.problem.part}`, text: eventDate.problem.text });
  else if (!eventDate.iso) problems.push({ field: 'eventDate-day', text: 'Enter the date of the event' });
  const eventEndDate = dateToPrecision(values.eventEndDate, 'day', 'The end date');
  if (eventEndDate.problem) problems.push({ field: `eventEndDate-${eventEndDate.problem.part}`, text: eventEndDate.problem.text });
  const given = (value: string) => value || undefined;
  const content: Partial<Record<keyof EntryContentDto, unknown>> = {
    eventDate: eventDate.iso ?? undefined,
    datePrecision: given(values.datePrecision),
    eventType: values.eventType,
    summary: values.summary,
    significant: values.significant || undefined,
    nature: given(values.nature),
    actionTaken: given(values.actionTaken),
    noActionReason: given(values.noActionReason),
    eventEndDate: eventEndDate.iso ?? undefined,
    eventTime: given(values.eventTime),
    wellbeingIndicators: values.wellbeingIndicators.length > 0 ? values.wellbeingIndicators : undefined,
    detail: given(values.detail),
    impactOnChild: given(values.impactOnChild),
    outcome: given(values.outcome),
    professionalAnalysis: given(values.professionalAnalysis),
    childView: given(values.childView),
    informationSource: given(values.informationSource),
    sourceReference: given(values.sourceReference),
    sensitivity: given(values.sensitivity),
    lawfulBasis: given(values.lawfulBasis),
    namesThirdParties: values.namesThirdParties || undefined,
  };
  return { content: Object.fromEntries(Object.entries(content).filter(([, value]) => value !== undefined)), problems };
}

/** The API's fields put in the form's words (an amendment's fields are its `changes.` ones). */
export function entryFormWording(values: EntryFormValues, prefix = ''): FormWording {
  const wording: FormWording = {
    eventDate: { field: 'eventDate-day', text: 'The date of the event must be a real date, from 1900, and not in the future' },
    datePrecision: { field: 'datePrecision', text: 'Select how much of the date you know' },
    eventEndDate: { field: 'eventEndDate-day', text: 'The end date must be a real date, not before the date of the event, and not in the future' },
    eventTime: { field: 'eventTime', text: 'Enter the time as hours and minutes on the 24-hour clock, like 14:30' },
    eventType: { field: 'eventType', text: 'Select the type of event' },
    summary: { field: 'summary', label: 'The summary' },
    significant: { field: 'significant' },
    nature: { field: 'nature', text: 'Select positive, negative or neutral' },
    // The rule across the two (one of them, not both) is reported against actionTaken when neither is given, noActionReason when both are.
    actionTaken: values.actionTaken ? { field: 'actionTaken', label: 'The action taken' } : { field: 'actionTaken', text: 'Record the action taken, or why none was taken' },
    noActionReason: values.noActionReason && !values.actionTaken ? { field: 'noActionReason', label: 'The reason no action was taken' } : { field: 'noActionReason', text: 'Give either the action taken or why none was taken, not both' },
    wellbeingIndicators: { field: 'wellbeingIndicators', text: 'Select wellbeing indicators from the list' },
    detail: { field: 'detail', label: 'The detail' },
    impactOnChild: { field: 'impactOnChild', label: 'The impact on the child' },
    outcome: { field: 'outcome', label: 'The outcome' },
    professionalAnalysis: { field: 'professionalAnalysis', label: 'The professional analysis' },
    childView: { field: 'childView', label: "The child's or family's view" },
    informationSource: { field: 'informationSource', text: 'Select where the information came from' },
    sourceReference: { field: 'sourceReference', label: 'The reference' },
    sensitivity: { field: 'sensitivity', text: 'Select standard, sensitive or restricted' },
    lawfulBasis: { field: 'lawfulBasis', label: 'The lawful basis' },
    namesThirdParties: { field: 'namesThirdParties' },
  };
  return Object.fromEntries(Object.entries(wording).map(([field, words]) => [`${prefix}${field}`, words]));
}

/** What a form sends for boxes left unticked: nothing, meaning no, or none. */
const UNTICKED: Partial<Record<keyof EntryContentDto, unknown>> = { significant: false, namesThirdParties: false, wellbeingIndicators: [] };

/**
 * An amendment's changes: the fields the user may write, and could read, whose value in the form
 * differs from the entry's; a field emptied is cleared (null), which the API refuses for a field
 * that cannot be. Fields the user could not read are never changed from a form that could not show them.
 */
export function entryChangesOf(
  edited: Partial<Record<keyof EntryContentDto, unknown>>,
  current: EntryView,
  writable: readonly WritableEntryField[],
): Partial<Record<keyof EntryContentDto, unknown>> {
  const before = entryContentOf(entryFormValuesOf(current)).content;
  const withheld = new Set(current.withheld?.fields ?? []);
  const changes: Partial<Record<keyof EntryContentDto, unknown>> = {};
  for (const field of ENTRY_CONTENT_FIELDS) {
    const policyField = POLICY_FIELD_OF[field];
    if (!writable.includes(policyField) || withheld.has(policyField)) continue;
    const [now, was] = [edited[field] ?? UNTICKED[field] ?? null, before[field] ?? UNTICKED[field] ?? null];
    if (JSON.stringify(now) !== JSON.stringify(was)) changes[field] = now;
  }
  return changes;
}

/**
 * What the service checks of an amendment once its changes are applied to the entry (the rules
 * across fields, entry-rules.ts), checked here on the entry as the form was filled from it, so
 * these problems are listed with the form's others, not on the next submit. A field cleared that
 * cannot be is the DTO's own check (clearedFieldProblems). A rule that looks at a field withheld
 * from the reader is left to the service.
 */
export function amendmentProblems(changes: Partial<Record<keyof EntryContentDto, unknown>>, current: EntryView): ErrorDetail[] {
  const withheld = new Set(current.withheld?.fields ?? []);
  const ruleFields = ['eventDate', 'eventEndDate', 'datePrecision', 'actionTaken', 'noActionReason'] as const;
  if (ruleFields.some((field) => withheld.has(POLICY_FIELD_OF[field]))) return [];
  const after = (field: (typeof ruleFields)[number]): unknown => (field in changes ? changes[field] : current[field]) ?? null;
  const date = (value: unknown): string | null => (typeof value === 'string' && isRealCalendarDate(value) ? value : null);
  const eventDate = date(after('eventDate'));
  const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
  const precision = after('datePrecision');
  return contentRuleProblems(
    {
      eventDate: eventDate ?? '',
      eventEndDate: eventDate ? date(after('eventEndDate')) : null,
      datePrecision: (DATE_PRECISIONS as readonly unknown[]).includes(precision) ? (precision as DatePrecision) : 'day',
      actionTaken: text(after('actionTaken')),
      noActionReason: text(after('noActionReason')),
    },
    'changes.',
  );
}

/** Summary is a required field: its own message when left empty. */
export const EMPTY_SUMMARY: FormError = { field: 'summary', text: 'Enter a summary of what happened' };

/** What the form offers, by policy field: a template shows an input only where this says so. */
export function offered(fields: readonly WritableEntryField[]): Record<WritableEntryField, true> {
  return Object.fromEntries(fields.map((field) => [field, true])) as Record<WritableEntryField, true>;
}
