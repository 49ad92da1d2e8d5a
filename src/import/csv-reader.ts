import { CsvError, parse } from 'csv-parse/sync';
import { DomainError } from '../common/domain-error';
import { ImportLimits } from './import-limits';
import { tooManyColumns, tooManyRows, unreadableFile } from './import-refusals';
import { ImportTable } from './import-table';
import { buildTable, RawRow } from './table-builder';
import { decodeText } from './text-encoding';

/** Excel writes commas in the UK, semicolons where the comma is the decimal mark, and tabs for "Text". */
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * A CSV file read with csv-parse. Each record is one spreadsheet row, whatever line breaks its
 * quoted cells hold, so row numbers match what the user sees when they open the file.
 */
export function readCsv(bytes: Buffer, limits: ImportLimits): ImportTable {
  const { text, encoding } = decodeText(bytes);
  const rows: RawRow[] = [];
  let dataRows = 0;
  let recordsRead = 0;
  try {
    parse(text, {
      delimiter: delimiterOf(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      on_record: (record: string[], context: { records: number }) => {
        recordsRead = context.records;
        // Width before cells: a hostile row of a million commas is refused without a million cells being made.
        let width = record.length;
        while (width > 0 && record[width - 1].trim() === '') width -= 1;
        if (width === 0) return null;
        if (width > limits.maxColumns) throw tooManyColumns(width, limits);
        const row: RawRow = { rowNumber: context.records, cells: record.slice(0, width).map((cell) => ({ text: cell })) };
        if (row.rowNumber > 1 && ++dataRows > limits.maxRows) throw tooManyRows(limits);
        rows.push(row);
        return null;
      },
    });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof CsvError) throw unreadableFile(csvProblem(error, recordsRead + 1));
    throw error;
  }
  return buildTable(rows, limits, { format: 'csv', encoding, worksheet: null, worksheets: [] });
}

/** The delimiter that splits row 1 into the most cells; a comma when none splits it. */
function delimiterOf(text: string): string {
  let best: { delimiter: string; cells: number } = { delimiter: ',', cells: 1 };
  for (const delimiter of DELIMITERS) {
    const cells = headerCellCount(text, delimiter);
    if (cells > best.cells) best = { delimiter, cells };
  }
  return best.delimiter;
}

function headerCellCount(text: string, delimiter: string): number {
  try {
    const [header] = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, to: 1 }) as string[][];
    return header?.length ?? 0;
  } catch {
    return 0;
  }
}

/** What went wrong, at the row it went wrong in: the one after the last row read whole. */
function csvProblem(error: CsvError, row: number): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `a quotation mark in row ${row} is never closed, so everything after it would be one cell`;
    default:
      return `it is not valid CSV at row ${row} (${error.message})`;
  }
}
