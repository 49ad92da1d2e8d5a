import type { ChildView } from '../../children/child.view';
import type { EventType } from '../../chronology/event-taxonomy.service';
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS } from '../../import/column-mapping';
import type { EventTypeSuggestion } from '../../import/event-type-mapping';
import { ImportLimits, MAX_MAPPED_NAMES } from '../../import/import-limits';
import type { ImportPreviewView } from '../../import/import.view';
import type { ImportMapping } from '../../import/row-check';
import type { FormErrorsView } from '../forms';

/** The check page's form fields: a select per column (`column-<i>`) and per event word (`event-<i>`), each beside a hidden input naming what it is for. */
export const COLUMN_FIELD = 'column-';
export const COLUMN_NAME = 'columnName-';
export const EVENT_CODE = 'event-';
export const EVENT_WORD = 'eventWord-';
export const KEEP_ROW = 'keep-';

interface Option {
  value: string;
  text: string;
  selected?: boolean;
}

/** Everything the check page shows: the mapping form, and the preview when the mapping can be used. */
export interface ImportCheckModel {
  child: ChildView;
  childSection: 'import';
  importId: string;
  fileName: string;
  columns: { index: number; name: string; items: Option[] }[];
  eventWords: { index: number; word: string; rows: number; items: Option[] }[];
  mappingErrors: string[];
  preview: ImportPreviewView | null;
  errors?: FormErrorsView | null;
}

/**
 * The most fields the check form can post: a select and its name for each column and each event
 * word (no more words than a mapping may name), a box for each row that repeats an entry, and a
 * few besides (the form token, whether to save the choices).
 */
export function checkFormFieldsAtMost(limits: Pick<ImportLimits, 'maxColumns' | 'maxRows'>): number {
  return 2 * limits.maxColumns + 2 * MAX_MAPPED_NAMES + limits.maxRows + 16;
}

/** The form's mapping, read from its fields: what the API takes as `mapping`. */
export function mappingFromForm(body: Record<string, unknown>): ImportMapping {
  const columns: Record<string, string> = {};
  const eventTypes: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value !== 'string' || value === '') continue;
    if (key.startsWith(COLUMN_FIELD)) {
      const name = body[`${COLUMN_NAME}${key.slice(COLUMN_FIELD.length)}`];
      if (typeof name === 'string') columns[name] = value;
    } else if (key.startsWith(EVENT_CODE)) {
      const word = body[`${EVENT_WORD}${key.slice(EVENT_CODE.length)}`];
      if (typeof word === 'string') eventTypes[word] = value;
    }
  }
  return { columns: columns as ImportMapping['columns'], eventTypes };
}

/** Rows the uploader ticked to keep although they repeat an entry. */
export function keptRowsFromForm(body: Record<string, unknown>): number[] {
  return Object.keys(body)
    .filter((key) => key.startsWith(KEEP_ROW))
    .map((key) => Number(key.slice(KEEP_ROW.length)))
    .filter((row) => Number.isInteger(row) && row >= 2);
}

export function checkModel(
  child: ChildView,
  importId: string,
  fileName: string,
  columnNames: readonly string[],
  mapping: ImportMapping,
  eventWords: readonly EventTypeSuggestion[],
  taxonomy: readonly EventType[],
  outcome: { preview: ImportPreviewView } | { mappingErrors: string[] },
): ImportCheckModel {
  const fieldItems = (chosen: string | undefined): Option[] => [
    { value: '', text: 'Do not import', selected: chosen === undefined },
    ...IMPORT_FIELDS.map((field) => ({ value: field, text: sentence(IMPORT_FIELD_LABELS[field]), selected: chosen === field })),
  ];
  const codeItems = (chosen: string | null | undefined): Option[] => [
    { value: '', text: 'Choose an event type', selected: !chosen },
    ...taxonomy.map((type) => ({ value: type.code, text: type.label, selected: chosen === type.code })),
  ];
  const mappedCode = (word: string): string | undefined => Object.entries(mapping.eventTypes).find(([mapped]) => mapped.toLowerCase() === word.toLowerCase())?.[1];
  return {
    child,
    childSection: 'import',
    importId,
    fileName,
    columns: columnNames.map((name, index) => ({ index, name, items: fieldItems(mapping.columns[name]) })),
    eventWords: eventWords.map((suggestion, index) => ({ index, word: suggestion.word, rows: suggestion.rows, items: codeItems(mappedCode(suggestion.word) ?? suggestion.code) })),
    mappingErrors: 'mappingErrors' in outcome ? outcome.mappingErrors : [],
    preview: 'preview' in outcome ? outcome.preview : null,
  };
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
