import type { ErrorDetail } from '../common/domain-error';
import { ENTRY_CONTENT_FIELDS } from '../chronology/entry-content';
import { COLUMN_NAMES } from './column-names';
import type { ImportColumn } from './import-table';
import { matchingKey } from './matching-words';

/** The entry fields a column can fill. The date's precision is not one: it comes from how the date is written. */
export type ImportField = Exclude<(typeof ENTRY_CONTENT_FIELDS)[number], 'datePrecision'>;
export const IMPORT_FIELDS: readonly ImportField[] = ENTRY_CONTENT_FIELDS.filter((field): field is ImportField => field !== 'datePrecision');

/** How each field is named to the user, in messages and (later) on the mapping page. */
export const IMPORT_FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  eventDate: 'date',
  eventEndDate: 'end date',
  eventTime: 'time',
  eventType: 'event type',
  summary: 'summary',
  detail: 'detail',
  wellbeingIndicators: 'wellbeing indicators',
  significant: 'significant (yes or no)',
  nature: 'positive, negative or neutral',
  impactOnChild: 'impact on the child',
  actionTaken: 'action taken',
  noActionReason: 'reason no action was taken',
  outcome: 'outcome',
  professionalAnalysis: 'professional analysis',
  childView: "child's or family's view",
  informationSource: 'first-hand or reported',
  sourceReference: 'source reference',
  sensitivity: 'sensitivity',
  lawfulBasis: 'lawful basis',
  namesThirdParties: 'names third parties (yes or no)',
};

/** Fields every entry must have, so a column must be mapped to each. */
const REQUIRED_FIELDS: readonly ImportField[] = ['eventDate', 'eventType', 'summary'];

/**
 * Which column fills which entry field, by the column's name as row 1 gives it (matched without
 * regard to case). Columns not named are not imported. Plain data, so an agency can keep its own
 * and apply it to its next file.
 */
export type ColumnMapping = Readonly<Record<string, ImportField>>;

export interface ColumnSuggestion {
  column: string;
  field: ImportField | null;
  /** saved: the agency's saved mapping names the column; name: the column's name is a usual name for the field; similar: it begins with one. */
  basis: 'saved' | 'name' | 'similar' | null;
}

interface Candidate {
  column: ImportColumn;
  field: ImportField;
  score: number;
  basis: NonNullable<ColumnSuggestion['basis']>;
}

/**
 * A field for each column that has an evident one: the agency's saved mapping first, then the
 * usual names of fields, each column and each field used once, the surest matches first.
 */
export function suggestColumnMapping(columns: readonly ImportColumn[], saved: ColumnMapping = {}): ColumnSuggestion[] {
  const savedFields = new Map(Object.entries(saved).map(([name, field]) => [name.toLocaleLowerCase('en-GB'), field]));
  const candidates: Candidate[] = columns.flatMap((column) => {
    const savedField = savedFields.get(column.name.toLocaleLowerCase('en-GB'));
    if (savedField !== undefined && isImportField(savedField)) return [{ column, field: savedField, score: Number.MAX_SAFE_INTEGER, basis: 'saved' as const }];
    return IMPORT_FIELDS.flatMap((field) => nameCandidates(column, field));
  });
  candidates.sort((a, b) => b.score - a.score);
  const chosen = new Map<number, Candidate>();
  const usedFields = new Set<ImportField>();
  for (const candidate of candidates) {
    if (chosen.has(candidate.column.index) || usedFields.has(candidate.field)) continue;
    chosen.set(candidate.column.index, candidate);
    usedFields.add(candidate.field);
  }
  return columns.map((column) => {
    const candidate = chosen.get(column.index);
    return { column: column.name, field: candidate?.field ?? null, basis: candidate?.basis ?? null };
  });
}

/** The mapping the suggestions make, for a file whose mapping the user accepts as suggested. */
export function mappingFromSuggestions(suggestions: readonly ColumnSuggestion[]): ColumnMapping {
  return Object.fromEntries(suggestions.flatMap(({ column, field }) => (field === null ? [] : [[column, field]])));
}

function nameCandidates(column: ImportColumn, field: ImportField): Candidate[] {
  const key = matchingKey(column.name);
  const keyWords = key.split(' ').length;
  const names = COLUMN_NAMES[field];
  return names.flatMap((name, position): Candidate[] => {
    // Earlier names are the more usual: they win a tie over the same name listed later for another field.
    const order = (names.length - position) / 1000;
    if (key === name) return [{ column, field, score: 3 + order, basis: 'name' }];
    if (name.length >= 4 && key.startsWith(`${name} `)) return [{ column, field, score: 2 + name.split(' ').length / keyWords + order, basis: 'similar' }];
    return [];
  });
}

export function isImportField(value: unknown): value is ImportField {
  return typeof value === 'string' && (IMPORT_FIELDS as readonly string[]).includes(value);
}

/** The file's column a mapping's name means, matched without regard to case. */
export function findColumn(columns: readonly ImportColumn[], name: string): ImportColumn | undefined {
  const wanted = name.trim().toLocaleLowerCase('en-GB');
  return columns.find((column) => column.name.toLocaleLowerCase('en-GB') === wanted);
}

/** Everything wrong with a mapping for this file, at once; none means every row can be read with it. */
export function checkColumnMapping(mapping: ColumnMapping, columns: readonly ImportColumn[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const columnsOfField = new Map<ImportField, string[]>();
  for (const [name, field] of Object.entries(mapping)) {
    const where = `mapping.columns.${name}`;
    if (!findColumn(columns, name)) problems.push({ field: where, problem: `the file has no column called "${name}"` });
    if (!isImportField(field)) {
      problems.push({ field: where, problem: `"${String(field)}" is not an entry field; use one of ${IMPORT_FIELDS.join(', ')}` });
      continue;
    }
    columnsOfField.set(field, [...(columnsOfField.get(field) ?? []), name]);
  }
  for (const [field, names] of columnsOfField) {
    if (names.length > 1) {
      problems.push({ field: 'mapping.columns', problem: `columns ${names.map((name) => `"${name}"`).join(' and ')} are ${names.length === 2 ? 'both' : 'all'} mapped to the ${IMPORT_FIELD_LABELS[field]}; map one column to each field` });
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (!columnsOfField.has(field)) problems.push({ field: 'mapping.columns', problem: `map a column to the ${IMPORT_FIELD_LABELS[field]}: every entry has one` });
  }
  if (!columnsOfField.has('actionTaken') && !columnsOfField.has('noActionReason')) {
    problems.push({ field: 'mapping.columns', problem: 'map a column to the action taken, or to the reason no action was taken: every entry records one' });
  }
  return problems;
}
