import type { DatePrecision } from '../chronology/entry-vocabulary';
import type { ColumnSuggestion } from './column-mapping';
import type { EventTypeSuggestion } from './event-type-mapping';
import type { ImportFormat } from './import-table';
import type { ImportMapping, RowProblem } from './row-check';

/** An earlier commit of the same file for the same child. */
export interface PreviousImportView {
  importId: string;
  committedAt: string;
  entries: number;
}

/** What an upload found: the file's columns, the suggested mapping, and its id for the preview and the commit. */
export interface ImportUploadView {
  importId: string;
  childId: string;
  fileName: string;
  format: ImportFormat;
  encoding: string | null;
  worksheet: string | null;
  worksheets: string[];
  sha256: string;
  rows: number;
  columns: { letter: string; name: string }[];
  suggestions: { columns: ColumnSuggestion[]; eventTypes: EventTypeSuggestion[] };
  /** The mapping the suggestions make: send it, changed as needed, to the preview. */
  suggestedMapping: ImportMapping;
  /** The bytes are kept for the preview until then; upload again after. */
  expiresAt: string;
  /** This file was committed for this child before: committing it again records nothing. */
  alreadyImported: PreviousImportView | null;
}

export type RowStatus = 'ready' | 'duplicate' | 'problems';

export interface PreviewRowView {
  row: number;
  status: RowStatus;
  problems: RowProblem[];
  /** The existing entry of your agency with the same date, event type and summary. */
  duplicateOf: string | null;
  /** What the row would record, in outline; null for a row with problems. */
  entry: { eventDate: string; datePrecision: DatePrecision; eventDateDisplay: string; eventType: string; summary: string } | null;
}

export interface ImportPreviewView {
  importId: string;
  childId: string;
  fileName: string;
  counts: { rows: number; ready: number; duplicates: number; withProblems: number };
  /** The words of the column mapped to the event type, with the code each is (or could be) mapped to. */
  eventTypes: EventTypeSuggestion[];
  rows: PreviewRowView[];
  alreadyImported: PreviousImportView | null;
}

export interface ImportCommitView {
  importId: string;
  /** True when this file had been committed for this child before: nothing was recorded. */
  alreadyImported: boolean;
  created: number;
  entryIds: string[];
  /** Rows left out as duplicates of existing entries. */
  duplicatesLeftOut: number[];
  /** The earlier commit, when alreadyImported. */
  previousImport: PreviousImportView | null;
}

export interface SavedMappingView {
  agency: string;
  mapping: ImportMapping;
  updatedAt: string | null;
}
