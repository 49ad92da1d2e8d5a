import ExcelJS from 'exceljs';
import { DomainError } from '../common/domain-error';
import { ImportLimits } from './import-limits';
import { tooManyRows, unreadableFile } from './import-refusals';
import { ImportTable } from './import-table';
import { buildTable, isBlankCell, RawRow } from './table-builder';
import { inspectXlsxArchive } from './xlsx-archive';
import { importCell } from './xlsx-cell';

/** An XLSX workbook read with exceljs, after its archive has passed inspection: one worksheet, row 1 as the header. */
export async function readXlsx(bytes: Buffer, limits: ImportLimits, worksheetName?: string): Promise<ImportTable> {
  await inspectXlsxArchive(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadableFile('the workbook inside is damaged; open it in Excel, save it again and upload the new copy');
  }
  const worksheets = workbook.worksheets.map((sheet) => sheet.name);
  const sheet = chooseWorksheet(workbook, worksheets, worksheetName);
  const rows: RawRow[] = [];
  let dataRows = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawRow['cells'] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      cells[columnNumber - 1] = importCell(cell);
    });
    if (cells.every(isBlankCell)) return;
    if (rowNumber > 1 && ++dataRows > limits.maxRows) throw tooManyRows(limits);
    rows.push({ rowNumber, cells });
  });
  return buildTable(rows, limits, { format: 'xlsx', encoding: null, worksheet: sheet.name, worksheets });
}

/** The named worksheet, or the first one a user sees when they open the workbook. */
function chooseWorksheet(workbook: ExcelJS.Workbook, names: string[], wanted: string | undefined): ExcelJS.Worksheet {
  const sheet =
    wanted === undefined
      ? (workbook.worksheets.find((candidate) => candidate.state === 'visible') ?? workbook.worksheets[0])
      : workbook.worksheets.find((candidate) => candidate.name === wanted);
  if (sheet) return sheet;
  if (wanted === undefined) throw new DomainError('IMPORT_EMPTY_FILE', 'The workbook has no worksheets: there is nothing to import');
  throw new DomainError(
    'IMPORT_WORKSHEET_NOT_FOUND',
    `The workbook has no worksheet called "${wanted}"`,
    names.map((name) => ({ field: 'worksheet', problem: `this workbook has a worksheet called "${name}"` })),
  );
}
