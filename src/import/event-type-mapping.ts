import type { EventType } from '../chronology/event-taxonomy.service';
import type { ErrorDetail } from '../common/domain-error';
import { ColumnMapping, findColumn } from './column-mapping';
import { EVENT_TYPE_WORDS } from './event-type-words';
import type { ImportTable } from './import-table';
import { contentWords, matchingKey, sharedWords, similarity } from './matching-words';

/**
 * The agency's own word for an event, as it writes it, and the taxonomy code it stands for. Words
 * match without regard to case, spacing or punctuation. Plain data, so an agency can keep its own.
 */
export type EventTypeMapping = Readonly<Record<string, string>>;

/** A word found in the event-type column, spelt as it first appears, and how many rows use it. */
export interface EventWord {
  word: string;
  rows: number;
}

export interface EventTypeSuggestion extends EventWord {
  code: string | null;
  /** saved: the agency's saved mapping; code or label: the word is the taxonomy's own; usual: a word agencies use for it; similar: most of its words are the label's. */
  basis: 'saved' | 'code' | 'label' | 'usual' | 'similar' | null;
}

const SIMILAR_ENOUGH = 0.5;
/** One word in common ("review") says too little about which event it is. */
const WORDS_IN_COMMON = 2;

/** The distinct words of the column mapped to the event type, most used first. */
export function eventWordsIn(table: ImportTable, columns: ColumnMapping): EventWord[] {
  const name = Object.entries(columns).find(([, field]) => field === 'eventType')?.[0];
  const column = name === undefined ? undefined : findColumn(table.columns, name);
  if (!column) return [];
  const words = new Map<string, EventWord>();
  for (const row of table.rows) {
    const word = row.cells[column.index].text.trim();
    if (word === '') continue;
    const key = matchingKey(word);
    const seen = words.get(key);
    if (seen) seen.rows += 1;
    else words.set(key, { word, rows: 1 });
  }
  return [...words.values()].sort((a, b) => b.rows - a.rows);
}

/** A code for each word that has an evident one, the agency's saved mapping first. */
export function suggestEventTypeMapping(words: readonly EventWord[], taxonomy: readonly EventType[], saved: EventTypeMapping = {}): EventTypeSuggestion[] {
  const known = new Set(taxonomy.map((type) => type.code));
  const savedCodes = keyed(saved);
  const ownWords = taxonomyWords(taxonomy);
  const labels = taxonomy.map((type) => ({ code: type.code, words: contentWords(type.label) }));
  return words.map((found): EventTypeSuggestion => {
    const key = matchingKey(found.word);
    const savedCode = savedCodes.get(key);
    if (savedCode !== undefined && known.has(savedCode)) return { ...found, code: savedCode, basis: 'saved' };
    const own = ownWords.get(key);
    if (own) return { ...found, ...own };
    const usual = EVENT_TYPE_WORDS[key];
    if (usual !== undefined && known.has(usual)) return { ...found, code: usual, basis: 'usual' };
    const similar = mostSimilar(contentWords(found.word), labels);
    return { ...found, code: similar, basis: similar === null ? null : 'similar' };
  });
}

export function mappingFromEventSuggestions(suggestions: readonly EventTypeSuggestion[]): EventTypeMapping {
  return Object.fromEntries(suggestions.flatMap(({ word, code }) => (code === null ? [] : [[word, code]])));
}

/** Codes a mapping names that the taxonomy does not have (a saved mapping can outlive a code). */
export function checkEventTypeMapping(mapping: EventTypeMapping, taxonomy: readonly EventType[]): ErrorDetail[] {
  const known = new Set(taxonomy.map((type) => type.code));
  return Object.entries(mapping)
    .filter(([, code]) => typeof code !== 'string' || !known.has(code))
    .map(([word, code]) => ({ field: `mapping.eventTypes.${word}`, problem: `"${String(code)}" is not an event type; see GET /api/event-types` }));
}

/**
 * The code a word in a row stands for: the uploader's mapping, or the taxonomy's own code or label
 * (what a practitioner would choose typing the entry in); undefined when it is neither.
 */
export function eventTypeResolver(mapping: EventTypeMapping, taxonomy: readonly EventType[]): (word: string) => string | undefined {
  const mapped = keyed(mapping);
  const ownWords = taxonomyWords(taxonomy);
  return (word) => {
    const key = matchingKey(word);
    return mapped.get(key) ?? ownWords.get(key)?.code;
  };
}

function keyed(mapping: EventTypeMapping): Map<string, string> {
  return new Map(Object.entries(mapping).map(([word, code]) => [matchingKey(word), code]));
}

/** The taxonomy's own words: each code and each label, a code winning over a label spelt the same. */
function taxonomyWords(taxonomy: readonly EventType[]): Map<string, { code: string; basis: 'code' | 'label' }> {
  const words = new Map<string, { code: string; basis: 'code' | 'label' }>();
  for (const type of taxonomy) words.set(matchingKey(type.label), { code: type.code, basis: 'label' });
  for (const type of taxonomy) words.set(matchingKey(type.code), { code: type.code, basis: 'code' });
  return words;
}

/** The one label most like the word, if it is similar enough and no other label is as similar. */
function mostSimilar(words: Set<string>, labels: { code: string; words: Set<string> }[]): string | null {
  let best: { code: string; score: number } | null = null;
  let tied = false;
  for (const label of labels) {
    const score = sharedWords(words, label.words) >= WORDS_IN_COMMON ? similarity(words, label.words) : 0;
    if (best === null || score > best.score) [best, tied] = [{ code: label.code, score }, false];
    else if (score === best.score) tied = true;
  }
  return best !== null && best.score >= SIMILAR_ENOUGH && !tied ? best.code : null;
}
