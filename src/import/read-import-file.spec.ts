import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { fixture, shippedTaxonomy } from '../../test/support/import-fixtures';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';
import { readImportFile } from './read-import-file';
import { checkRows } from './row-check';

const ROWS = DEFAULT_IMPORT_LIMITS.maxRows;
const HEADER = ['Date', 'Event', 'What happened', 'Details', 'Action', 'Ref'];
const rowOf = (index: number) => [`${1 + (index % 28)}/${1 + (index % 12)}/20${10 + (index % 10)}`, 'Home visit', `Visit number ${index}`, `Detail of visit ${index} `.repeat(10), 'Advice given', `SW-${index}`];

function csvOf(rows: number): Buffer {
  const lines = [HEADER.join(',')];
  for (let index = 0; index < rows; index += 1) lines.push(rowOf(index).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

async function xlsxOf(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Chronology');
  sheet.addRow(HEADER);
  for (let index = 0; index < rows; index += 1) sheet.addRow(rowOf(index));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe(readImportFile.name, () => {
  it('reads a CSV or an XLSX by its bytes, and keeps the SHA-256 of the file', async () => {
    const bytes = fixture('chronology-utf8.csv');
    const csv = await readImportFile({ bytes, fileName: 'chronology.csv', mediaType: 'text/csv' }, DEFAULT_IMPORT_LIMITS);
    expect(csv).toMatchObject({ format: 'csv', encoding: 'utf-8', sha256: createHash('sha256').update(bytes).digest('hex') });
    // A workbook is one by its bytes, whatever it is called.
    const xlsx = await readImportFile({ bytes: fixture('chronology-exceljs.xlsx'), fileName: 'chronology.csv' }, DEFAULT_IMPORT_LIMITS);
    expect(xlsx).toMatchObject({ format: 'xlsx', worksheet: 'Chronology' });
    expect(xlsx.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a CSV sent with no extension but a CSV media type, as Windows browsers send it', async () => {
    await expect(readImportFile({ bytes: fixture('chronology-utf8.csv'), fileName: 'chronology', mediaType: 'application/vnd.ms-excel' }, DEFAULT_IMPORT_LIMITS)).resolves.toMatchObject({ format: 'csv' });
  });

  it.each([
    ['legacy.xls', 'legacy.xls', 'IMPORT_UNSUPPORTED_FORMAT', 'Only CSV (.csv) and Excel (.xlsx) files can be imported: this looks like an Excel 97-2003 workbook (.xls), a Word document (.doc) or a password-protected workbook'],
    ['chronology-utf8.csv', 'chronology.json', 'IMPORT_UNSUPPORTED_FORMAT', 'Only CSV (.csv) and Excel (.xlsx) files can be imported: files ending .json are not read'],
    ['chronology-utf8.csv', 'chronology', 'IMPORT_UNSUPPORTED_FORMAT', 'Only CSV (.csv) and Excel (.xlsx) files can be imported: the file has no extension to say what it is'],
    ['chronology-utf8.csv', 'chronology.xlsx', 'IMPORT_UNREADABLE_FILE', 'The file could not be read: it is named .xlsx but is not a workbook; it may be damaged or cut short'],
    ['empty.csv', 'empty.csv', 'IMPORT_EMPTY_FILE', 'The file is empty: there is nothing to import'],
  ])('refuses %s sent as %s with %s', async (name, fileName, code, message) => {
    await expect(readImportFile({ bytes: fixture(name), fileName }, DEFAULT_IMPORT_LIMITS)).rejects.toMatchObject({ code, message });
  });

  it('refuses a file larger than the limit before reading it', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 100 };
    await expect(readImportFile({ bytes: fixture('chronology-utf8.csv'), fileName: 'chronology.csv' }, limits)).rejects.toMatchObject({ code: 'IMPORT_FILE_TOO_LARGE' });
    await expect(readImportFile({ bytes: Buffer.alloc(100, 'a'), fileName: 'a.csv' }, limits)).rejects.toMatchObject({ code: 'IMPORT_NO_ROWS' });
  });

  describe(`a file of ${ROWS.toLocaleString('en-GB')} rows, made here rather than kept`, () => {
    const taxonomy = shippedTaxonomy();
    const mapping = { columns: { Date: 'eventDate', Event: 'eventType', 'What happened': 'summary', Details: 'detail', Action: 'actionTaken', Ref: 'sourceReference' }, eventTypes: { 'Home visit': 'other' } } as const;

    const files: Record<string, Buffer> = {};
    beforeAll(async () => {
      files['chronology.csv'] = csvOf(ROWS);
      files['chronology.xlsx'] = await xlsxOf(ROWS);
    }, 60_000);

    it.each(['chronology.csv', 'chronology.xlsx'])('is read and checked whole as %s', async (fileName) => {
      const table = await readImportFile({ bytes: files[fileName], fileName }, DEFAULT_IMPORT_LIMITS);
      expect(table.rows).toHaveLength(ROWS);
      expect(table.rows[ROWS - 1].rowNumber).toBe(ROWS + 1);
      const checked = await checkRows(table, mapping, { taxonomy, today: '2026-12-03' });
      expect(checked.filter((row) => row.ok)).toHaveLength(ROWS);
    }, 60_000);

    it.each(['chronology.csv', 'chronology.xlsx'])('is refused as %s when the limit is one row fewer', async (fileName) => {
      await expect(readImportFile({ bytes: files[fileName], fileName }, { ...DEFAULT_IMPORT_LIMITS, maxRows: ROWS - 1 })).rejects.toMatchObject({
        code: 'IMPORT_TOO_MANY_ROWS',
        message: 'The file has more than 9,999 rows; split it into smaller files and import each',
      });
    }, 60_000);
  });
});
