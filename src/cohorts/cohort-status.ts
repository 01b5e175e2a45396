/** Umsetzungskohorte: gathers its members, works through its milestones together, then ends. */
export const COHORT_STATUSES = ['forming', 'running', 'closed'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

export const TEAM_STATUSES = ['active', 'closed'] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

/** The stages a cohort moves its members to together: the main path of a case. */
export const GROUP_MOVE_TARGETS = ['recherchiert', 'vermittelt', 'umgesetzt'] as const;
export type GroupMoveTarget = (typeof GROUP_MOVE_TARGETS)[number];
