import { DomainError, ErrorDetail } from '../common/domain-error';
import { ImportLimits } from './import-limits';
import { tooManyColumns, tooManyRows } from './import-refusals';
import { ImportCell, ImportColumn, ImportRow, ImportTable } from './import-table';

/** A row as a reader found it: cells may be missing (an XLSX row is sparse). */
export interface RawRow {
  rowNumber: number;
  cells: (ImportCell | undefined)[];
}

type TableSource = Pick<ImportTable, 'format' | 'encoding' | 'worksheet' | 'worksheets'>;

const EMPTY_CELL: ImportCell = Object.freeze({ text: '' });

/**
 * Row 1 names the columns; every other non-blank row is data. Both readers end here, so CSV and
 * XLSX are held to the same header, width and row rules.
 */
export function buildTable(rawRows: RawRow[], limits: ImportLimits, source: TableSource): ImportTable {
  const nonBlank = rawRows.filter((row) => !isBlankRow(row));
  if (nonBlank.length === 0) throw new DomainError('IMPORT_EMPTY_FILE', 'The file is empty: there is nothing to import');
  const header = nonBlank.find((row) => row.rowNumber === 1);
  if (!header) {
    throw new DomainError('IMPORT_HEADER_INVALID', 'Row 1 is empty: it should hold the column names (Date, Event, Summary, ...)');
  }
  const dataRows = nonBlank.filter((row) => row.rowNumber > 1);
  if (dataRows.length > limits.maxRows) throw tooManyRows(limits);
  const width = Math.max(...nonBlank.map(filledWidth));
  if (width > limits.maxColumns) throw tooManyColumns(width, limits);
  const columns = namedColumns(header, width);
  if (dataRows.length === 0) throw new DomainError('IMPORT_NO_ROWS', 'The file has column names but no rows under them');
  const rows: ImportRow[] = dataRows.map((row) => ({
    rowNumber: row.rowNumber,
    cells: columns.map((column) => row.cells[column.index] ?? EMPTY_CELL),
  }));
  return { ...source, columns, rows };
}

export function isBlankCell(cell: ImportCell | undefined): boolean {
  return cell === undefined || (cell.date === undefined && cell.problem === undefined && cell.text.trim() === '');
}

function isBlankRow(row: RawRow): boolean {
  return row.cells.every(isBlankCell);
}

function filledWidth(row: RawRow): number {
  for (let index = row.cells.length - 1; index >= 0; index -= 1) if (!isBlankCell(row.cells[index])) return index + 1;
  return 0;
}

function namedColumns(header: RawRow, width: number): ImportColumn[] {
  const columns = Array.from({ length: width }, (_, index): ImportColumn => {
    const letter = columnLetter(index);
    const name = header.cells[index]?.text.trim() ?? '';
    return { index, letter, name: name === '' ? `Column ${letter}` : name };
  });
  const byName = new Map<string, ImportColumn[]>();
  for (const column of columns) {
    const key = column.name.toLocaleLowerCase('en-GB');
    byName.set(key, [...(byName.get(key) ?? []), column]);
  }
  const repeated: ErrorDetail[] = [...byName.values()]
    .filter((same) => same.length > 1)
    .map((same) => ({
      field: 'file',
      problem: `columns ${same.map((column) => column.letter).join(' and ')} are ${same.length === 2 ? 'both' : 'all'} called "${same[0].name}"`,
    }));
  if (repeated.length > 0) {
    throw new DomainError('IMPORT_HEADER_INVALID', 'Two or more columns have the same name in row 1; give each column its own name', repeated);
  }
  return columns;
}

/** 0 → A, 25 → Z, 26 → AA: the letters a spreadsheet shows above its columns. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let rest = index + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}
