import type { VersionedTable } from '../platform/index.js';
import { Solution } from './solution.entity.js';

/** The solutions table as the write path knows it; its history is its change records. */
export const SOLUTION_RECORDS: VersionedTable<Solution> = {
  entity: Solution,
  kind: 'solution',
  label: 'solution',
};
