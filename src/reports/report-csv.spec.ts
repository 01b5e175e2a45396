import { parse } from 'csv-parse/sync';
import { neutralised, toCsv } from './report-csv.js';

describe('toCsv', () => {
  const table = {
    columns: ['name', 'share', 'note'],
    rows: [
      ['Görlitz; "Neißestadt"', 0.25, 'Zeile 1\nZeile 2'],
      ['=HYPERLINK("http://x")', -1.5, '+49 351 123'],
      ['@SUM(A1)', 3, null],
      ['-Minus', 1000000, 'Straße'],
    ],
  };

  it('writes a BOM, a header row and quoted cells that parse back to the same text', () => {
    const csv = toCsv(table);
    expect(csv.startsWith('\uFEFFname,share,note\r\n')).toBe(true);
    const rows: string[][] = parse(csv, { bom: true });
    expect(rows).toEqual([
      ['name', 'share', 'note'],
      ['Görlitz; "Neißestadt"', '0.25', 'Zeile 1\nZeile 2'],
      [`'=HYPERLINK("http://x")`, '-1.5', `'+49 351 123`],
      [`'@SUM(A1)`, '3', ''],
      [`'-Minus`, '1000000', 'Straße'],
    ]);
  });

  it('uses `;` and decimal commas for German spreadsheets', () => {
    const rows: string[][] = parse(toCsv(table, 'de'), { bom: true, delimiter: ';' });
    expect(rows[1]).toEqual(['Görlitz; "Neißestadt"', '0,25', 'Zeile 1\nZeile 2']);
    expect(rows[2][1]).toBe('-1,5');
  });

  it('neutralises what a spreadsheet would run as a formula, and nothing else', () => {
    expect(['=1+1', '+1', '-1', '@x', '\tx', '\rx'].map(neutralised)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@x",
      "'\tx",
      "'\rx",
    ]);
    expect(['Dresden', '1-2', 'a=b', ''].map(neutralised)).toEqual(['Dresden', '1-2', 'a=b', '']);
  });
});
