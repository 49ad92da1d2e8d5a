import * as yazl from 'yazl';
import { fixture, shippedTaxonomy } from '../../test/support/import-fixtures';
import { DomainError } from '../common/domain-error';
import { DEFAULT_IMPORT_LIMITS, ImportLimits } from './import-limits';
import { checkRows } from './row-check';
import { readXlsx } from './xlsx-reader';

const read = (name: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, worksheet?: string) => readXlsx(fixture(name), limits, worksheet);
const texts = (cells: { text: string }[]) => cells.map((cell) => cell.text);

describe(readXlsx.name, () => {
  describe('a workbook made by exceljs', () => {
    it('reads the first visible worksheet and lists them all', async () => {
      const table = await read('chronology-exceljs.xlsx');
      expect(table).toMatchObject({ format: 'xlsx', encoding: null, worksheet: 'Chronology', worksheets: ['Lookups', 'Chronology', 'Notes'] });
      expect(table.columns.map((column) => column.name)).toEqual(['Date', 'Time', 'Event', 'What happened', 'Details', 'Action', 'Significant', 'Ref']);
      expect(table.rows.map((row) => row.rowNumber)).toEqual([2, 3, 4, 5, 6, 8]);
    });

    it('gives each cell as shown: dates as dates, number formats applied, rich text and links as their text', async () => {
      const [day, month] = (await read('chronology-exceljs.xlsx')).rows;
      expect(day.cells[0]).toEqual({ text: '22/05/2016', date: { date: '2016-05-22', time: null, shows: 'day' } });
      expect(day.cells[1]).toEqual({ text: '14:15', date: { date: '1899-12-30', time: '14:15', shows: 'time' } });
      expect(texts(day.cells.slice(2))).toEqual(['Home visit', 'Visited Zoë at home', 'Mum Siobhán present', 'Advice given', 'TRUE', '01042']);
      expect(month.cells[0]).toEqual({ text: 'Jun-16', date: { date: '2016-06-01', time: null, shows: 'month' } });
      expect(month.cells[6].text).toBe('FALSE');
    });

    it('keeps text that looks like a formula as text, and takes a formula’s saved result without evaluating it', async () => {
      const [, , looksLikeFormulas, formulas, neverCalculated] = (await read('chronology-exceljs.xlsx')).rows;
      expect(texts(looksLikeFormulas.cells)).toEqual(['?spring 2017', '', 'Concern raised', '=HYPERLINK("http://evil.example","Click")', '+44 7700 900123', '@school', 'no', 'SW-1101']);
      expect(formulas.cells[0]).toEqual({ text: '22 May 2017', date: { date: '2017-05-22', time: null, shows: 'day' } });
      expect(texts(formulas.cells.slice(3))).toEqual(['Visit Home visit', '', 'Noted', '', '1043']);
      expect(neverCalculated.cells[0]).toEqual({ text: '', problem: 'holds a formula whose result was never saved; open the file in Excel, save it, and upload it again' });
    });

    it('reads a worksheet by name, and refuses a name the workbook does not have, listing the ones it has', async () => {
      await expect(read('chronology-exceljs.xlsx', DEFAULT_IMPORT_LIMITS, 'Notes')).rejects.toMatchObject({ code: 'IMPORT_NO_ROWS' });
      await expect(read('chronology-exceljs.xlsx', DEFAULT_IMPORT_LIMITS, 'Chronology 2019')).rejects.toMatchObject({
        code: 'IMPORT_WORKSHEET_NOT_FOUND',
        message: 'The workbook has no worksheet called "Chronology 2019"',
        details: [
          { field: 'worksheet', problem: 'this workbook has a worksheet called "Lookups"' },
          { field: 'worksheet', problem: 'this workbook has a worksheet called "Chronology"' },
          { field: 'worksheet', problem: 'this workbook has a worksheet called "Notes"' },
        ],
      });
    });

    it('becomes entries: date cells as precise as their format, a time column, yes and no', async () => {
      const table = await read('chronology-exceljs.xlsx');
      const rows = await checkRows(
        table,
        {
          columns: { Date: 'eventDate', Time: 'eventTime', Event: 'eventType', 'What happened': 'summary', Details: 'detail', Action: 'actionTaken', Significant: 'significant', Ref: 'sourceReference' },
          eventTypes: { 'Home visit': 'other', 'CP conf': 'child-protection-case-conference', 'School exclusion': 'exclusion' },
        },
        { taxonomy: shippedTaxonomy(), today: '2026-12-03' },
      );
      expect(rows.map((row) => (row.ok ? { ...row.entry } : row.problems))).toEqual([
        { eventDate: '2016-05-22', datePrecision: 'day', eventTime: '14:15', eventType: 'other', summary: 'Visited Zoë at home', detail: 'Mum Siobhán present', actionTaken: 'Advice given', significant: true, sourceReference: '01042' },
        { eventDate: '2016-06-01', datePrecision: 'month', eventType: 'child-protection-case-conference', summary: 'Initial case conference', actionTaken: 'Registered', significant: false, sourceReference: 'SW-1050' },
        {
          eventDate: '2017-04-15',
          datePrecision: 'approximate',
          eventType: 'concern-raised',
          summary: '=HYPERLINK("http://evil.example","Click")',
          detail: '+44 7700 900123',
          actionTaken: '@school',
          significant: false,
          sourceReference: 'SW-1101',
        },
        { eventDate: '2017-05-22', datePrecision: 'day', eventType: 'other', summary: 'Visit Home visit', actionTaken: 'Noted', sourceReference: '1043' },
        [{ row: 6, column: 'Date', columnLetter: 'A', field: 'eventDate', problem: 'the cell holds a formula whose result was never saved; open the file in Excel, save it, and upload it again' }],
        { eventDate: '2018-01-01', datePrecision: 'year', eventType: 'exclusion', summary: 'Excluded for two days', actionTaken: 'Parents met' },
      ]);
    });
  });

  it('reads a workbook LibreOffice saved from the CSV: dates it recognised are dates, the formula it ran is its saved result', async () => {
    const table = await read('chronology-libreoffice.xlsx');
    expect(table.columns.map((column) => column.name)).toEqual(['Date', 'Event', 'What happened', 'Details', 'Impact on child', 'Action', 'Outcome', 'Ref']);
    const [first, second, third, fourth] = table.rows;
    expect(first.cells[0].date).toEqual({ date: '2016-05-22', time: null, shows: 'day' });
    expect(first.cells[3].text).toBe('Siobhán (mum) said the rent of £450 was paid; José, a neighbour, was present.\nSecond line of detail.');
    expect(second.cells[0]).toEqual({ text: '?June 2016' });
    expect(texts(third.cells)).toEqual(['approx. spring 2017', 'Concern raised', 'Click', '+44 7700 900123', '-', '@school', 'Noted', 'SW-1101']);
    expect(fourth.cells[0].text).toBe('2018');
  });

  describe('hostile and damaged workbooks', () => {
    it.each([
      ['zip-bomb.xlsx', 'IMPORT_ARCHIVE_REFUSED', 'The workbook was not opened: its part xl/worksheets/sheet1.xml unpacks to 1029 times its packed size, which only a zip bomb does'],
      ['zip-bomb-false-sizes.xlsx', 'IMPORT_ARCHIVE_REFUSED', 'The workbook was not opened: its part xl/worksheets/sheet1.xml holds more than the size it declares, which only a zip bomb does'],
      ['xml-entities.xlsx', 'IMPORT_ARCHIVE_REFUSED', 'The workbook was not opened: its part xl/worksheets/sheet1.xml declares an XML document type, which a workbook never needs'],
      ['encrypted-parts.xlsx', 'IMPORT_ARCHIVE_REFUSED', 'The workbook was not opened: parts of it are encrypted; remove the password and save it again'],
      ['word-document.xlsx', 'IMPORT_UNSUPPORTED_FORMAT', 'Only CSV (.csv) and Excel (.xlsx) files can be imported: this is a Word document'],
      ['truncated.xlsx', 'IMPORT_UNREADABLE_FILE', 'The file could not be read: it is not a complete .xlsx workbook; it may be damaged or cut short'],
      ['damaged-sheet.xlsx', 'IMPORT_UNREADABLE_FILE', 'The file could not be read: the workbook inside is damaged; open it in Excel, save it again and upload the new copy'],
    ])('refuses %s with %s', async (name, code, message) => {
      const refusal = read(name);
      await expect(refusal).rejects.toBeInstanceOf(DomainError);
      await expect(refusal).rejects.toMatchObject({ code, message });
    });

    it('refuses a workbook that unpacks to more than the limit', async () => {
      await expect(read('chronology-exceljs.xlsx', { ...DEFAULT_IMPORT_LIMITS, maxUnpackedBytes: 10_000 })).rejects.toMatchObject({
        code: 'IMPORT_ARCHIVE_REFUSED',
        message: expect.stringMatching(/^The workbook was not opened: it unpacks to [\d.]+ MB, more than the 0\.0 MB allowed$/),
      });
    });

    it('counts the cells of every worksheet before the spreadsheet reader holds them, and refuses more than the limit', async () => {
      // 1 + 42 + 1 cells in its three worksheets.
      await expect(read('chronology-exceljs.xlsx', { ...DEFAULT_IMPORT_LIMITS, maxCells: 44 })).resolves.toMatchObject({ worksheet: 'Chronology' });
      await expect(read('chronology-exceljs.xlsx', { ...DEFAULT_IMPORT_LIMITS, maxCells: 43 })).rejects.toMatchObject({
        code: 'IMPORT_TOO_MANY_CELLS',
        message: 'The workbook holds more than 43 cells; import its chronology from a workbook of its own, or split it',
      });
    });

    it('refuses an archive of more files than the limit before unpacking any', async () => {
      const archive = new yazl.ZipFile();
      for (let index = 0; index < 4; index += 1) archive.addBuffer(Buffer.from('x'), `xl/part${index}.xml`);
      archive.end();
      const bytes = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        archive.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks)));
      });
      await expect(readXlsx(bytes, { ...DEFAULT_IMPORT_LIMITS, maxArchiveEntries: 3 })).rejects.toMatchObject({
        code: 'IMPORT_ARCHIVE_REFUSED',
        message: 'The workbook was not opened: it holds 4 files; a workbook holds far fewer',
      });
    });
  });
});
