import type { VersionedTable } from '../platform/index.js';
import { Cohort } from './cohort.entity.js';
import { TransferTeam } from './transfer-team.entity.js';

/**
 * Cohorts and teams as the write path knows them. Their members, milestones and supported cases
 * are part of them: every change of those counts the cohort's (or team's) version up and leaves
 * one change record. They span regions, so their records have no place (like solutions).
 */
export const COHORT_RECORDS: VersionedTable<Cohort> = { entity: Cohort, kind: 'cohort', label: 'cohort' };

export const TEAM_RECORDS: VersionedTable<TransferTeam> = {
  entity: TransferTeam,
  kind: 'transfer_team',
  label: 'transfer team',
};
