import { EntryContentDto } from '../chronology/dto/entry-content.dto';
import { checkAndNormaliseContent, contentFromDto, EntryContent } from '../chronology/entry-content';
import type { EventType } from '../chronology/event-taxonomy.service';
import { todayIso } from '../common/dates';
import { DomainError, ErrorDetail } from '../common/domain-error';
import { validationProblems } from '../common/validation';
import { checkColumnMapping, ColumnMapping, findColumn, IMPORT_FIELD_LABELS, IMPORT_FIELDS, isImportField } from './column-mapping';
import { checkEventTypeMapping, eventTypeResolver, EventTypeMapping } from './event-type-mapping';
import type { ImportColumn, ImportRow, ImportTable } from './import-table';
import { EntryBody, mapRow, MappedColumn, RowMappingContext } from './row-mapping';

/** Both of an upload's mappings: which column fills which field, and which event word is which type. */
export interface ImportMapping {
  columns: ColumnMapping;
  eventTypes: EventTypeMapping;
}

/** One thing wrong with a row, in plain words. */
export interface RowProblem {
  /** As the user sees it in their spreadsheet: the header is row 1. */
  row: number;
  /** The column's name (row 1), or null for a problem of the row as a whole. */
  column: string | null;
  /** The column's letter (A, B, ...), or null. */
  columnLetter: string | null;
  /** The entry field concerned, as the entry API names it. */
  field: string | null;
  problem: string;
}

export type CheckedRow =
  | {
      rowNumber: number;
      ok: true;
      /** Exactly the body that POST /api/children/:childId/entries would take for this row. */
      entry: EntryContentDto;
      /** The entry's content as it would be stored: defaults filled, text trimmed, the date normalised to its precision. */
      content: EntryContent;
    }
  | { rowNumber: number; ok: false; problems: RowProblem[] };

export interface CheckRowsOptions {
  taxonomy: readonly EventType[];
  /** Today, YYYY-MM-DD in the UK; for dates with two-digit years and approximate periods. */
  today?: string;
}

/** Everything wrong with the mappings for this file, at once. */
export function checkImportMapping(table: Pick<ImportTable, 'columns'>, mapping: ImportMapping, taxonomy: readonly EventType[]): ErrorDetail[] {
  return [...checkColumnMapping(mapping.columns, table.columns), ...checkEventTypeMapping(mapping.eventTypes, taxonomy)];
}

/**
 * Every row checked by the entry's own rules, with all of its problems at once: a row is accepted
 * exactly when typing it in as an entry would be. The cells are first read into an entry's body
 * (dates, yes/no, event words); the body is then validated by the entry's DTO with the options of
 * the API's validation pipe, and the content by the entry's own cross-field rules and taxonomy.
 * A mapping that cannot be used with the file is refused whole (VALIDATION_FAILED).
 */
export async function checkRows(table: ImportTable, mapping: ImportMapping, options: CheckRowsOptions): Promise<CheckedRow[]> {
  const mappingProblems = checkImportMapping(table, mapping, options.taxonomy);
  if (mappingProblems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The mapping cannot be used with this file', mappingProblems);
  const columns = mappedColumns(table.columns, mapping.columns);
  const context: RowMappingContext = { eventTypeOf: eventTypeResolver(mapping.eventTypes, options.taxonomy), today: options.today ?? todayIso() };
  const taxonomy = new Map(options.taxonomy.map((type) => [type.code, type]));
  const findEventType = (code: string): EventType | undefined => taxonomy.get(code);
  const checked: CheckedRow[] = [];
  for (const row of table.rows) checked.push(await checkRow(row, columns, context, findEventType));
  return checked;
}

function mappedColumns(columns: readonly ImportColumn[], mapping: ColumnMapping): MappedColumn[] {
  return Object.entries(mapping).flatMap(([name, field]) => {
    const column = findColumn(columns, name);
    return column && isImportField(field) ? [{ column, field }] : [];
  });
}

async function checkRow(row: ImportRow, columns: readonly MappedColumn[], context: RowMappingContext, findEventType: (code: string) => EventType | undefined): Promise<CheckedRow> {
  const words = new RowWording(row, columns);
  const mapped = mapRow(row, columns, context);
  const problems = mapped.problems.map(({ column, field, problem }) => words.problem(field, problem, column));
  const flagged = new Set<string>(mapped.problems.map(({ field }) => field));
  const { dto, problems: invalid } = await validationProblems(EntryContentDto, mapped.body);
  for (const detail of invalid) {
    const field = detail.field ?? '';
    if (flagged.has(field)) continue;
    flagged.add(field);
    problems.push(words.problem(field, words.validationProblem(field, detail.problem, mapped.body)));
  }
  const { content, problems: ruleProblems } = crossFieldCheck(problems.length === 0 ? mapped.body : withoutFlagged(mapped.body, flagged), findEventType);
  for (const detail of ruleProblems) {
    if (!flagged.has(detail.field ?? '')) problems.push(words.problem(detail.field ?? null, words.inPlainWords(detail.problem)));
  }
  if (problems.length > 0 || content === null) return { rowNumber: row.rowNumber, ok: false, problems: problems.sort(byColumn) };
  return { rowNumber: row.rowNumber, ok: true, entry: dto, content };
}

/**
 * The entry's cross-field rules (end not before start, an action or the reason for none) and its
 * taxonomy check, run even when some fields failed, so the row's other problems are reported with
 * them. Fields that failed are left out and the required ones stood in for by values no rule reacts
 * to; the problems those would cause are already reported and are not repeated.
 */
function crossFieldCheck(body: EntryBody, findEventType: (code: string) => EventType | undefined): { content: EntryContent | null; problems: ErrorDetail[] } {
  const complete = { eventDate: '0001-01-01', eventType: '', summary: '', ...body } as EntryContentDto;
  try {
    return { content: checkAndNormaliseContent(contentFromDto(complete), findEventType), problems: [] };
  } catch (error) {
    if (error instanceof DomainError) return { content: null, problems: error.details };
    throw error;
  }
}

function withoutFlagged(body: EntryBody, flagged: ReadonlySet<string>): EntryBody {
  return Object.fromEntries(Object.entries(body).filter(([field]) => !flagged.has(field) && !(field === 'datePrecision' && flagged.has('eventDate'))));
}

/** The entry's own messages, worded for someone looking at their spreadsheet: column names for field names. */
class RowWording {
  private readonly columnOf = new Map<string, ImportColumn>();

  constructor(
    private readonly row: ImportRow,
    columns: readonly MappedColumn[],
  ) {
    for (const { column, field } of columns) this.columnOf.set(field, column);
    // The date's precision, and a time written with the date, come from the date's column.
    const dateColumn = this.columnOf.get('eventDate');
    if (dateColumn) {
      this.columnOf.set('datePrecision', dateColumn);
      if (!this.columnOf.has('eventTime')) this.columnOf.set('eventTime', dateColumn);
    }
  }

  problem(field: string | null, problem: string, column = field === null ? undefined : this.columnOf.get(field)): RowProblem {
    return { row: this.row.rowNumber, column: column?.name ?? null, columnLetter: column?.letter ?? null, field, problem };
  }

  /** A DTO message about a field this import filled: about the column, and what was read from it when that is not its text. */
  validationProblem(field: string, message: string, body: EntryBody): string {
    const column = this.columnOf.get(field);
    const value = (body as Record<string, unknown>)[field];
    if (value === undefined && isImportField(field)) {
      return column ? `"${column.name}" is empty, and every entry needs ${article(IMPORT_FIELD_LABELS[field])}` : message;
    }
    const worded = this.inPlainWords(message);
    if (!column) return worded;
    const cellText = this.row.cells[column.index].text.trim();
    return typeof value === 'string' && value.trim() === cellText ? worded : `${worded} ("${cellText}" was read as ${JSON.stringify(value)})`;
  }

  /** Field names in a message become the columns' names, or plain words for a field no column fills. */
  inPlainWords(message: string): string {
    return message.replace(FIELD_NAME, (field: string) => {
      const column = this.columnOf.get(field);
      if (column) return `"${column.name}"`;
      return isImportField(field) ? `the ${IMPORT_FIELD_LABELS[field]}` : field;
    });
  }
}

/** Left to right as the spreadsheet shows them; problems of the row as a whole last. */
function byColumn(a: RowProblem, b: RowProblem): number {
  return columnOrder(a.columnLetter) - columnOrder(b.columnLetter);
}

function columnOrder(letter: string | null): number {
  return letter === null ? Number.MAX_SAFE_INTEGER : [...letter].reduce((order, character) => order * 26 + character.charCodeAt(0) - 64, 0);
}

const FIELD_NAME = new RegExp(`\\b(${[...IMPORT_FIELDS, 'datePrecision'].join('|')})\\b`, 'g');

function article(label: string): string {
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}

