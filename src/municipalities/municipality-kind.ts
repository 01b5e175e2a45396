export const MUNICIPALITY_KINDS = ['gemeinde', 'stadt', 'kreisfreie_stadt', 'landkreis', 'verband'] as const;
export type MunicipalityKind = (typeof MUNICIPALITY_KINDS)[number];
