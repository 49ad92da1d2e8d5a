import { INFORMATION_SOURCES, NATURES, SENSITIVITIES, WELLBEING_INDICATORS } from '../chronology/entry-vocabulary';
import { matchingKey } from './matching-words';

export type ValueReading<T> = { ok: true; value: T } | { ok: false; problem: string };

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0']);
/** Ticks are symbols, which matchingKey() drops, so they are looked for before it. */
const TICK = /^[\u2713\u2714\u2611]$/;

/** "Yes", "Y", "TRUE", "1", "x" or a tick; "No", "N", "FALSE", "0". */
export function readYesNo(written: string): ValueReading<boolean> {
  const trimmed = written.trim();
  const key = matchingKey(trimmed);
  if (TICK.test(trimmed) || YES.has(key)) return { ok: true, value: true };
  if (NO.has(key)) return { ok: true, value: false };
  return { ok: false, problem: `"${trimmed}" is not yes or no` };
}

/** Each closed vocabulary of an entry, and other words spreadsheets use for its values. */
const CHOICES = {
  nature: { values: NATURES, also: { pos: 'positive', strength: 'positive', neg: 'negative', concern: 'negative' } },
  informationSource: { values: INFORMATION_SOURCES, also: { 'first hand': 'first-hand', firsthand: 'first-hand', direct: 'first-hand', 'second hand': 'reported', secondhand: 'reported' } },
  sensitivity: { values: SENSITIVITIES, also: {} },
} as const satisfies Record<string, { values: readonly string[]; also: Record<string, string> }>;
export type ChoiceField = keyof typeof CHOICES;
type ChoiceValue<F extends ChoiceField> = (typeof CHOICES)[F]['values'][number];

/** One of a closed vocabulary, without regard to case or spacing ("First hand" is first-hand). */
export function readChoice<F extends ChoiceField>(field: F, written: string): ValueReading<ChoiceValue<F>> {
  const { values, also } = CHOICES[field];
  const key = matchingKey(written);
  const value = values.find((candidate) => matchingKey(candidate) === key) ?? (also as Record<string, ChoiceValue<F>>)[key];
  if (value !== undefined) return { ok: true, value };
  return { ok: false, problem: `"${written.trim()}" is not one of ${values.join(', ')}` };
}

/** Wellbeing indicators separated by commas, semicolons, slashes, "and" or new lines: "Safe, Healthy / Nurtured". */
export function readWellbeingIndicators(written: string): ValueReading<(typeof WELLBEING_INDICATORS)[number][]> {
  const words = written.split(/[,;/|\n]+|\s+and\s+|\s*&\s*/i).map((word) => word.trim()).filter((word) => word !== '');
  const found = new Set<(typeof WELLBEING_INDICATORS)[number]>();
  const unknown: string[] = [];
  for (const word of words) {
    const indicator = WELLBEING_INDICATORS.find((candidate) => candidate === matchingKey(word));
    if (indicator) found.add(indicator);
    else unknown.push(`"${word}"`);
  }
  if (unknown.length > 0) {
    return { ok: false, problem: `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a wellbeing indicator' : 'are not wellbeing indicators'}; use ${WELLBEING_INDICATORS.join(', ')}` };
  }
  return { ok: true, value: [...found] };
}
