import { readFileSync } from 'node:fs';
import { parseDistrictCsv } from './kreise.js';

const HEADER = 'AGS;type;name;NUTS3;area_km2;population;population_male;population_female;population_per_km2';

describe('parseDistrictCsv', () => {
  it('turns Kreisschlüssel into 8-digit AGS and maps the Destatis types to kinds', () => {
    const csv = [
      HEADER,
      '14612;Kreisfreie Stadt;Dresden, Stadt;DED21;328.48;554649;272061;282588;1689',
      '08111;Stadtkreis;Stuttgart;DE111;207.33;634830;317139;317691;3062',
      '01051;Kreis;Dithmarschen;DEF05;1428.17;133210;65720;67490;93',
      '14625;Landkreis;Bautzen;DED2C;2395.6;300880;148195;152685;126',
      '10041;Regionalverband;Regionalverband Saarbrücken;DEC01;410.95;329708;161536;168172;802',
    ].join('\n');
    expect(parseDistrictCsv(csv)).toEqual([
      { ags: '14612000', name: 'Dresden, Stadt', kind: 'kreisfreie_stadt', population: 554649 },
      { ags: '08111000', name: 'Stuttgart', kind: 'kreisfreie_stadt', population: 634830 },
      { ags: '01051000', name: 'Dithmarschen', kind: 'landkreis', population: 133210 },
      { ags: '14625000', name: 'Bautzen', kind: 'landkreis', population: 300880 },
      { ags: '10041000', name: 'Regionalverband Saarbrücken', kind: 'verband', population: 329708 },
    ]);
  });

  it('refuses an unknown type instead of guessing', () => {
    expect(() => parseDistrictCsv(`${HEADER}\n14612;Bezirk;X;D;1;1;1;1;1`)).toThrow(/line 2/);
  });

  it('reads all 401 Kreise and kreisfreie Städte of the shipped list with unique keys', () => {
    const rows = parseDistrictCsv(readFileSync(new URL('./data/kreise-2018.csv', import.meta.url), 'utf8'));
    expect(rows).toHaveLength(401);
    expect(new Set(rows.map((r) => r.ags)).size).toBe(401);
  });
});
