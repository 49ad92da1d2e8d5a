import type { WritableEntryField } from '../../access/access-policy';
import { DATE_PRECISIONS, INFORMATION_SOURCES, NATURES, SENSITIVITIES, WELLBEING_INDICATORS } from '../../chronology/entry-vocabulary';
import type { EventType } from '../../chronology/event-taxonomy.service';
import { DATE_PRECISION_LABELS, INFORMATION_SOURCE_LABELS, NATURE_LABELS, SENSITIVITY_HINTS, SENSITIVITY_LABELS, WELLBEING_LABELS } from '../entry-labels';
import { EntryFormValues, MORE_DETAIL_INPUTS, offered } from '../entry-form';
import type { FormErrorsView } from '../forms';

/** What the entry form's template needs: the choices, each marked as the user left it, and which fields the policy lets them write. */
export function entryFormViewModel(values: EntryFormValues, writable: readonly WritableEntryField[], eventTypes: EventType[], errors: FormErrorsView | null) {
  const choices = <T extends string>(codes: readonly T[], labels: Record<T, string>, chosen: (code: T) => boolean) => codes.map((code) => ({ value: code, text: labels[code], checked: chosen(code) }));
  const categories = [...new Set(eventTypes.map((type) => type.category))];
  return {
    values,
    may: offered(writable),
    errors,
    moreDetailOpen: MORE_DETAIL_INPUTS.some((input) => errors?.byField[input] || hasValue(values, input)),
    precisions: choices(DATE_PRECISIONS, DATE_PRECISION_LABELS, (code) => (values.datePrecision || 'day') === code),
    natures: choices(NATURES, NATURE_LABELS, (code) => values.nature === code),
    wellbeing: choices(WELLBEING_INDICATORS, WELLBEING_LABELS, (code) => values.wellbeingIndicators.includes(code)),
    informationSources: choices(INFORMATION_SOURCES, INFORMATION_SOURCE_LABELS, (code) => values.informationSource === code),
    sensitivities: SENSITIVITIES.map((code) => ({ value: code, text: SENSITIVITY_LABELS[code], hint: { text: SENSITIVITY_HINTS[code] }, checked: values.sensitivity === code })),
    eventTypeGroups: categories.map((category) => ({
      label: sentenceCase(category),
      options: eventTypes.filter((type) => type.category === category).map((type) => ({ value: type.code, text: type.label, selected: values.eventType === type.code })),
    })),
  };
}

function hasValue(values: EntryFormValues, input: string): boolean {
  const [name, part] = input.split('-') as [keyof EntryFormValues, string | undefined];
  const value = values[name];
  if (part) return Boolean((value as unknown as Record<string, string>)[part]);
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function sentenceCase(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
