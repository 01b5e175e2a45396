import type { VersionedTable } from '../platform/index.js';
import { Need } from './need.entity.js';

/** The needs table as the write path knows it; its history is its change records. */
export const NEED_RECORDS: VersionedTable<Need> = {
  entity: Need,
  kind: 'need',
  label: 'need',
};
