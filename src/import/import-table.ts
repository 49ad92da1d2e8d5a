/** What a spreadsheet date cell's number format shows of it. */
export type ShownDateParts = 'day' | 'month' | 'year' | 'time';

/** A cell that the spreadsheet holds as a date (XLSX only; a CSV has only text). */
export interface CellDate {
  /** YYYY-MM-DD. */
  date: string;
  /** HH:MM, when the cell holds a time of day other than midnight. */
  time: string | null;
  shows: ShownDateParts;
}

export interface ImportCell {
  /** The cell as the spreadsheet shows it; '' for an empty cell. A formula's saved result, never the formula. */
  text: string;
  date?: CellDate;
  /** The cell could not be read as it stands (a formula with no saved result); plain words. */
  problem?: string;
}

export interface ImportColumn {
  /** 0-based position in the row. */
  index: number;
  /** The spreadsheet's column letter (A, B, ..., AA), as the user sees it. */
  letter: string;
  /** The header cell's text, trimmed; "Column F" for a column whose header is blank. */
  name: string;
}

export interface ImportRow {
  /** The row number the user sees in their spreadsheet: the header is row 1; blank rows keep their numbers. */
  rowNumber: number;
  /** One cell per column, in column order. */
  cells: ImportCell[];
}

export type ImportFormat = 'csv' | 'xlsx';

/** An uploaded file read into columns and rows, before any mapping. Blank rows are left out. */
export interface ImportTable {
  format: ImportFormat;
  /** How a CSV's text was encoded. */
  encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252' | null;
  /** The worksheet read, and every worksheet the workbook has (XLSX only). */
  worksheet: string | null;
  worksheets: string[];
  columns: ImportColumn[];
  rows: ImportRow[];
}
