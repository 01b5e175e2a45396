import type { Scope } from '../auth/index.js';

/** The kinds of entity the write path records, with the read scope an API client needs for each. */
export const CHANGE_KINDS = [
  'municipality',
  'need',
  'solution',
  'transfer_case',
  'transfer_team',
  'cohort',
  'match_alert',
  'adoption',
  'follow_up',
  'lesson',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const READ_SCOPE_OF: Record<ChangeKind, Scope> = {
  municipality: 'municipalities:read',
  need: 'needs:read',
  solution: 'solutions:read',
  transfer_case: 'cases:read',
  transfer_team: 'cohorts:read',
  cohort: 'cohorts:read',
  match_alert: 'needs:read',
  adoption: 'practice:read',
  follow_up: 'practice:read',
  lesson: 'practice:read',
};

/** Kinds whose records have no place: every reader with the scope sees them, whatever its territory. */
export const PLACELESS_KINDS: readonly ChangeKind[] = ['solution', 'transfer_team', 'cohort'];
