import ExcelJS from 'exceljs';
import { format, getFormatDateInfo } from 'numfmt';
import { CellDate, ImportCell, ShownDateParts } from './import-table';

type FormulaResult = NonNullable<ExcelJS.CellFormulaValue['result']>;

const MS_PER_DAY = 86_400_000;
/** 1970-01-01 as a spreadsheet serial number (1900 date system). */
const UNIX_EPOCH_SERIAL = 25_569;
/**
 * Built-in formats whose look Excel takes from the computer's regional settings; the XLSX only
 * stores their US spelling. Chronicle's users are in the UK, where Excel shows these day first.
 */
const UK_FOR_REGIONAL_FORMAT: Record<string, string> = {
  'mm-dd-yy': 'dd/mm/yyyy',
  'm/d/yy "h":mm': 'dd/mm/yyyy hh:mm',
};
const FORMAT_OPTIONS = { locale: 'en-GB', throws: false } as const;

/**
 * A cell as the spreadsheet shows it. A formula is never evaluated: its result as last saved by
 * the spreadsheet program is taken, and a formula with none is a problem. Text that merely looks
 * like a formula ("=SUM(A1)") is text and stays exactly as typed.
 */
export function importCell(cell: ExcelJS.Cell): ImportCell | undefined {
  const value = cell.value;
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
    case ExcelJS.ValueType.Merge:
      return undefined;
    case ExcelJS.ValueType.Formula:
      return formulaResultCell((value as ExcelJS.CellFormulaValue).result, cell.numFmt);
    default:
      return valueCell(value as FormulaResult | ExcelJS.CellRichTextValue | ExcelJS.CellHyperlinkValue | string, cell.numFmt);
  }
}

function formulaResultCell(result: FormulaResult | undefined, numFmt: string | undefined): ImportCell {
  if (result === undefined || result === null) {
    return { text: '', problem: 'holds a formula whose result was never saved; open the file in Excel, save it, and upload it again' };
  }
  return valueCell(result, numFmt);
}

function valueCell(value: FormulaResult | ExcelJS.CellRichTextValue | ExcelJS.CellHyperlinkValue | string, numFmt: string | undefined): ImportCell {
  if (value instanceof Date) return dateCell(value, numFmt);
  if (typeof value === 'number') return { text: format(numFmt || 'General', value, FORMAT_OPTIONS) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'string') return { text: value };
  if ('error' in value) return { text: value.error };
  if ('hyperlink' in value) return { text: plainText(value.text as unknown as string | ExcelJS.CellRichTextValue) };
  return { text: plainText(value) };
}

function plainText(value: string | ExcelJS.CellRichTextValue): string {
  return typeof value === 'string' ? value : value.richText.map((run) => run.text).join('');
}

function dateCell(value: Date, numFmt: string | undefined): ImportCell {
  const shownFormat = UK_FOR_REGIONAL_FORMAT[numFmt ?? ''] ?? numFmt ?? 'dd/mm/yyyy';
  const serial = value.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  const iso = value.toISOString();
  const time = iso.slice(11, 16);
  const date: CellDate = { date: iso.slice(0, 10), time: time === '00:00' ? null : time, shows: shownParts(shownFormat) };
  return { text: format(shownFormat, serial, FORMAT_OPTIONS), date };
}

function shownParts(numFmt: string): ShownDateParts {
  const shows = getFormatDateInfo(numFmt);
  if (shows.day) return 'day';
  if (shows.month) return 'month';
  if (shows.year) return 'year';
  return shows.hours || shows.minutes ? 'time' : 'day';
}
