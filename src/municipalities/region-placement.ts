import { mayWriteAt, type Caller } from '../auth/index.js';

/** The region a write puts a municipality in: its code (for messages) and primary state. */
export interface PlacementRegion {
  code: string;
  stateCode: string;
}

export type PlacementDecision = { allowed: true } | { allowed: false; reason: string };

/**
 * Whether the caller may put a municipality of `municipalityStateCode` (its AGS's state) into
 * `region`. A region may hold municipalities of another state than its own (a pilot region across
 * a state border), but only a caller whose territory covers the municipality's state as a whole
 * decides that: admins, the Transferstelle, an API client of that state. A pilot or a
 * region-limited API client never does on the strength of the region alone — otherwise the
 * pilot of a Saxon region could pull any Bavarian municipality into her reach.
 *
 * Only the placement: that the caller may write in the region at all is `mayWriteAt`'s to decide.
 */
export function decidePlacement(
  caller: Caller,
  municipalityStateCode: string,
  region: PlacementRegion,
): PlacementDecision {
  // Writing anywhere in the state (no region needed) is what covering it as a whole means.
  if (
    region.stateCode === municipalityStateCode ||
    mayWriteAt(caller, { stateCode: municipalityStateCode, regionId: null })
  ) {
    return { allowed: true };
  }
  return {
    allowed: false,
    reason:
      `region ${region.code} lies in ${region.stateCode} and the municipality in ${municipalityStateCode}; ` +
      `only admins, the Transferstelle and API clients of ${municipalityStateCode} may place it in a region of another state`,
  };
}
