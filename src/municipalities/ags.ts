import { STATE_CODE_BY_AGS_PREFIX } from '../states/index.js';
import type { MunicipalityKind } from './municipality-kind.js';

/**
 * Amtlicher Gemeindeschlüssel: 2 digits state, 1 digit Regierungsbezirk, 2 digits Kreis,
 * 3 digits Gemeinde. A Kreis or kreisfreie Stadt is keyed by its 5-digit Kreisschlüssel + `000`.
 */
export interface Ags {
  value: string;
  stateCode: string;
  /** The 5-digit Kreisschlüssel the municipality belongs to. */
  districtKey: string;
  /** True for keys ending in `000`: a Kreis, a kreisfreie Stadt or a city-state. */
  districtLevel: boolean;
}

export type AgsResult = { ok: true; ags: Ags } | { ok: false; reason: string };

const AGS_PATTERN = /^\d{8}$/;

/** What `parseAgs` accepts, as the OpenAPI document and the table's CHECK constraint say it. */
export const VALID_AGS_PATTERN = '^(0[1-9]|1[0-6])[0-9]{6}$';

export function parseAgs(input: string): AgsResult {
  if (!AGS_PATTERN.test(input)) {
    return { ok: false, reason: 'ags must be exactly 8 digits' };
  }
  const stateCode = STATE_CODE_BY_AGS_PREFIX[input.slice(0, 2)];
  if (!stateCode) {
    return { ok: false, reason: 'ags must start with a state key from 01 to 16' };
  }
  return {
    ok: true,
    ags: {
      value: input,
      stateCode,
      districtKey: input.slice(0, 5),
      districtLevel: input.endsWith('000'),
    },
  };
}

/** A Kreisschlüssel (5 digits) as used by Destatis lists, turned into the AGS of the Kreis itself. */
export function agsOfDistrict(districtKey: string): string {
  if (!/^\d{5}$/.test(districtKey)) throw new Error(`not a 5-digit Kreisschlüssel: ${districtKey}`);
  return `${districtKey}000`;
}

/**
 * Kreise and kreisfreie Städte carry a district-level key; Gemeinden and Städte within a Kreis
 * never do (Gemeinde numbers start at 001). Verbände follow several key schemes and are not
 * checked.
 */
export function agsKindMismatch(ags: Ags, kind: MunicipalityKind): string | undefined {
  if ((kind === 'landkreis' || kind === 'kreisfreie_stadt') && !ags.districtLevel) {
    return `a ${kind} is keyed by its Kreisschlüssel + 000, so its ags must end in 000`;
  }
  if ((kind === 'gemeinde' || kind === 'stadt') && ags.districtLevel) {
    return `an ags ending in 000 belongs to a Kreis or kreisfreie Stadt, not a ${kind}`;
  }
  return undefined;
}
