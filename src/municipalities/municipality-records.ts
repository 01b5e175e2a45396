import type { VersionedTable } from '../platform/index.js';
import { Municipality } from './municipality.entity.js';

/** The municipalities table as the write path knows it; its history is its change records. */
export const MUNICIPALITY_RECORDS: VersionedTable<Municipality> = {
  entity: Municipality,
  kind: 'municipality',
  label: 'municipality',
  placeOf: (m) => ({ stateCode: m.stateCode, regionId: m.regionId }),
};
