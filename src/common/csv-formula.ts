/** What a spreadsheet program runs as a formula when a cell starts with it (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value to be written into a CSV the product hands out, made safe to open in a spreadsheet: one
 * that starts like a formula is prefixed with a single quote, so Excel and LibreOffice show it as
 * text instead of running it. Quoting the cell for CSV is left to the writer.
 */
export function neutraliseCsvFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
