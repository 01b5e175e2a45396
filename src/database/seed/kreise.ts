import { agsOfDistrict, type MunicipalityKind } from '../../municipalities/index.js';

export interface DistrictRow {
  ags: string;
  name: string;
  kind: MunicipalityKind;
  population: number;
}

// Destatis distinguishes Stadtkreis (Baden-Württemberg) from Kreisfreie Stadt and Kreis from
// Landkreis by state tradition only; the domain model does not.
const KIND_BY_TYPE: Record<string, MunicipalityKind> = {
  'Kreisfreie Stadt': 'kreisfreie_stadt',
  Stadtkreis: 'kreisfreie_stadt',
  Kreis: 'landkreis',
  Landkreis: 'landkreis',
  Regionalverband: 'verband',
};

/**
 * Parses the Destatis list of Kreise and kreisfreie Städte (`;`-separated, header line first):
 * `AGS;type;name;NUTS3;area_km2;population;…` where AGS is the 5-digit Kreisschlüssel.
 */
export function parseDistrictCsv(csv: string): DistrictRow[] {
  const [header, ...lines] = csv.split(/\r?\n/).filter((line) => line.trim() !== '');
  const columns = header.split(';');
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`district list lacks the column ${name}`);
    return index;
  };
  const [keyAt, typeAt, nameAt, populationAt] = [at('AGS'), at('type'), at('name'), at('population')];
  return lines.map((line, i) => {
    const cells = line.split(';');
    const kind = KIND_BY_TYPE[cells[typeAt]];
    const population = Number(cells[populationAt]);
    if (!kind || !Number.isSafeInteger(population) || population < 0) {
      throw new Error(`district list line ${i + 2} is malformed: ${line}`);
    }
    return { ags: agsOfDistrict(cells[keyAt]), name: cells[nameAt], kind, population };
  });
}
