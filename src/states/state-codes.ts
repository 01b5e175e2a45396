/**
 * The 16 Bundesländer keyed by the first two digits of the Amtlicher Gemeindeschlüssel.
 * The states table holds the same facts (seeded by a migration); this copy lets pure rules such
 * as AGS parsing run without a database.
 */
export const STATE_CODE_BY_AGS_PREFIX: Readonly<Record<string, string>> = {
  '01': 'DE-SH',
  '02': 'DE-HH',
  '03': 'DE-NI',
  '04': 'DE-HB',
  '05': 'DE-NW',
  '06': 'DE-HE',
  '07': 'DE-RP',
  '08': 'DE-BW',
  '09': 'DE-BY',
  '10': 'DE-SL',
  '11': 'DE-BE',
  '12': 'DE-BB',
  '13': 'DE-MV',
  '14': 'DE-SN',
  '15': 'DE-ST',
  '16': 'DE-TH',
};

export const STATE_CODES: readonly string[] = Object.values(STATE_CODE_BY_AGS_PREFIX);
