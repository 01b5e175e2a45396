import { stringify } from 'csv-stringify/sync';
import type { ReportLocale } from './dto/report-filters.dto.js';

export type Cell = string | number | boolean | null;

/** A report flattened for a spreadsheet: a header and rows of plain cells. */
export interface ReportTable {
  columns: readonly string[];
  rows: ReadonlyArray<readonly Cell[]>;
}

const BOM = '\uFEFF';

/**
 * CSV for spreadsheets: UTF-8 with a BOM (Excel otherwise guesses the encoding), a header row, `,`
 * and decimal points, or for `de` `;` and decimal commas. Quoting is csv-stringify's.
 */
export function toCsv(table: ReportTable, locale: ReportLocale = 'en'): string {
  const decimal = (n: number) => (locale === 'de' ? String(n).replace('.', ',') : String(n));
  return (
    BOM +
    stringify(
      [
        [...table.columns].map(neutralised),
        ...table.rows.map((row) => row.map((cell) => cellText(cell, decimal))),
      ],
      {
        delimiter: locale === 'de' ? ';' : ',',
        record_delimiter: '\r\n',
      },
    )
  );
}

function cellText(cell: Cell, decimal: (n: number) => string): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return decimal(cell);
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return neutralised(cell);
}

/**
 * A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is
 * prefixed with `'` so it shows as text (OWASP, CSV injection). Numbers are never text here.
 */
export function neutralised(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
