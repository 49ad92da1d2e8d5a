import { fixture } from '../../test/support/import-fixtures';
import { DomainError } from '../common/domain-error';
import { readCsv } from './csv-reader';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';

const read = (name: string) => readCsv(fixture(name), DEFAULT_IMPORT_LIMITS);
const refusal = (name: string) => {
  try {
    read(name);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error(`${name} was read`);
};

describe(readCsv.name, () => {
  it.each([
    ['chronology-utf8.csv', 'utf-8'],
    ['chronology-utf8-bom.csv', 'utf-8-bom'],
    ['chronology-windows-1252.csv', 'windows-1252'],
  ])('reads %s (%s) to the same rows, £ and accented names intact', (name, encoding) => {
    const table = read(name);
    expect(table).toMatchObject({ format: 'csv', encoding, worksheet: null });
    expect(table.columns.map((column) => `${column.letter}:${column.name}`)).toEqual([
      'A:Date', 'B:Event', 'C:What happened', 'D:Details', 'E:Impact on child', 'F:Action', 'G:Outcome', 'H:Ref',
    ]);
    expect(table.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(table.rows[0].cells.map((cell) => cell.text)).toEqual([
      '22/05/2016',
      'Home visit',
      'Visited Zoë and her mother at home',
      'Siobhán (mum) said the rent of £450 was paid; José, a neighbour, was present.\r\nSecond line of detail.',
      'Zoë seemed settled',
      'Advice given on budgeting',
      'Closed',
      'SW-1042',
    ]);
    expect(table.rows[2].cells.map((cell) => cell.text)).toEqual([
      'approx. spring 2017', 'Concern raised', '=HYPERLINK("http://evil.example","Click")', '+44 7700 900123', '-', '@school', 'Noted', 'SW-1101',
    ]);
    expect(table.rows[3].cells[2].text).toBe('Excluded for two days after a trip to Café Rouge');
  });

  it('reads a file Excel wrote with semicolons', () => {
    const table = read('chronology-semicolons.csv');
    expect(table.columns.map((column) => column.name)).toEqual(['Date', 'Event', 'What happened', 'Action']);
    expect(table.rows[0].cells[2].text).toBe('Visited, and talked');
  });

  it('numbers rows as a spreadsheet shows them: blank lines count, a cell with line breaks is one row', () => {
    const table = readCsv(Buffer.from('Date,Event\r\n"22/05/2016","two\nlines"\r\n\r\n,\r\n2016,x\r\n'), DEFAULT_IMPORT_LIMITS);
    expect(table.rows.map((row) => [row.rowNumber, row.cells.map((cell) => cell.text)])).toEqual([
      [2, ['22/05/2016', 'two\nlines']],
      [5, ['2016', 'x']],
    ]);
  });

  it('names a column whose header is blank by its letter, pads short rows and drops empty trailing columns', () => {
    const table = readCsv(Buffer.from('Date,,Event,,\r\n2016,note\r\n2017,,x,,\r\n'), DEFAULT_IMPORT_LIMITS);
    expect(table.columns.map((column) => column.name)).toEqual(['Date', 'Column B', 'Event']);
    expect(table.rows.map((row) => row.cells.map((cell) => cell.text))).toEqual([
      ['2016', 'note', ''],
      ['2017', '', 'x'],
    ]);
  });

  it.each([
    ['empty.csv', 'IMPORT_EMPTY_FILE', 'The file is empty: there is nothing to import'],
    ['blank-lines.csv', 'IMPORT_EMPTY_FILE', 'The file is empty: there is nothing to import'],
    ['header-only.csv', 'IMPORT_NO_ROWS', 'The file has column names but no rows under them'],
    ['chronology-utf16.csv', 'IMPORT_UNKNOWN_ENCODING', 'The file\'s text could not be read: it is saved as "Unicode text" (UTF-16); save it as "CSV UTF-8 (comma delimited)" instead'],
    ['chronology-shift-jis.csv', 'IMPORT_UNKNOWN_ENCODING', 'The file\'s text could not be read: its text is neither UTF-8 nor Windows-1252; save it as "CSV UTF-8 (comma delimited)"'],
    ['legacy.xls', 'IMPORT_UNKNOWN_ENCODING', "The file's text could not be read: it holds binary data, not text; is it really a CSV file?"],
    ['unclosed-quote.csv', 'IMPORT_UNREADABLE_FILE', 'The file could not be read: a quotation mark in row 2 is never closed, so everything after it would be one cell'],
  ])('refuses %s with %s', (name, code, message) => {
    expect(refusal(name)).toMatchObject({ code, message });
  });

  it('refuses a BOM that promises UTF-8 the text does not keep', () => {
    expect(() => readCsv(Buffer.from([0xef, 0xbb, 0xbf, 0x44, 0xa3, 0x0d, 0x0a]), DEFAULT_IMPORT_LIMITS)).toThrow(expect.objectContaining({ code: 'IMPORT_UNKNOWN_ENCODING' }));
  });

  it('refuses columns with the same name, naming them', () => {
    expect(refusal('duplicate-columns.csv')).toEqual({
      code: 'IMPORT_HEADER_INVALID',
      message: 'Two or more columns have the same name in row 1; give each column its own name',
      details: [{ field: 'file', problem: 'columns B and D are both called "Notes"' }],
    });
  });

  it('refuses a file whose row 1 is empty', () => {
    expect(() => readCsv(Buffer.from('\r\nDate,Event\r\n2016,x\r\n'), DEFAULT_IMPORT_LIMITS)).toThrow(expect.objectContaining({ code: 'IMPORT_HEADER_INVALID' }));
  });

  it('refuses more rows or columns than the limits, and takes exactly the limit', () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 3, maxColumns: 2 };
    expect(readCsv(Buffer.from('a,b\n1,1\n2,2\n\n3,3\n'), limits).rows).toHaveLength(3);
    expect(() => readCsv(Buffer.from('a,b\n1,1\n2,2\n3,3\n4,4\n'), limits)).toThrow(expect.objectContaining({ code: 'IMPORT_TOO_MANY_ROWS', message: expect.stringContaining('more than 3 rows') }));
    expect(() => readCsv(Buffer.from('a,b\n1,1,1\n'), limits)).toThrow(expect.objectContaining({ code: 'IMPORT_TOO_MANY_COLUMNS', message: 'The file has 3 columns; at most 2 can be imported' }));
  });
});
