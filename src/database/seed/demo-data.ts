/**
 * Pilot regions of the demo: three in Saxony, one in Baden-Württemberg, each holding the
 * Kreise and kreisfreie Städte listed by Kreisschlüssel (municipalities of the Kreis itself are
 * assigned too, e.g. Tübingen to Neckar-Alb).
 */
export const DEMO_REGIONS = [
  {
    code: 'sachsen-chemnitz',
    name: 'Region Chemnitz',
    stateCode: 'DE-SN',
    districtKeys: ['14511', '14521', '14522', '14523', '14524'],
  },
  {
    code: 'sachsen-dresden',
    name: 'Region Dresden und Oberlausitz',
    stateCode: 'DE-SN',
    districtKeys: ['14612', '14625', '14626', '14627', '14628'],
  },
  {
    code: 'sachsen-leipzig',
    name: 'Region Leipzig',
    stateCode: 'DE-SN',
    districtKeys: ['14713', '14729', '14730'],
  },
  {
    code: 'bw-neckar-alb',
    name: 'Region Neckar-Alb',
    stateCode: 'DE-BW',
    districtKeys: ['08415', '08416', '08417'],
  },
] as const;

/**
 * Municipalities below the Kreis level that the demo needs because proven solutions originate
 * there. Population: Destatis, 31.12.2018.
 */
export const DEMO_MUNICIPALITIES = [
  { ags: '08416041', name: 'Tübingen, Universitätsstadt', kind: 'stadt', population: 90546 },
] as const;

/**
 * One demo user per role, created only on the embedded database (a local playground). The
 * passwords are documented in the README; never use them on a server.
 */
export const DEMO_USERS = [
  {
    email: 'admin@demo.transferstelle.local',
    name: 'Demo Admin',
    role: 'admin',
    password: 'demo-admin-password',
    regions: [],
  },
  {
    email: 'transferstelle@demo.transferstelle.local',
    name: 'Demo Transferstelle',
    role: 'transferstelle',
    password: 'demo-transferstelle-password',
    regions: [],
  },
  {
    email: 'lotse.dresden@demo.transferstelle.local',
    name: 'Demo Lotsin Dresden',
    role: 'lotse',
    password: 'demo-lotse-password',
    regions: ['sachsen-dresden'],
  },
  {
    email: 'analyst@demo.transferstelle.local',
    name: 'Demo Analyst',
    role: 'analyst',
    password: 'demo-analyst-password',
    regions: [],
  },
] as const;
