import { ROLES, type AccessRule } from '../auth/index.js';

/** Everyone reads cohorts and teams (contacts hidden from analysts); clients need `cohorts:read`. */
export const GROUP_READERS: AccessRule = { roles: ROLES, clientScope: 'cohorts:read' };
/** Teams are set up by the Transferstelle. */
export const TEAM_EDITORS: AccessRule = { roles: ['admin', 'transferstelle'] };
/** Cohorts are led by the Transferstelle or their facilitator (a pilot: checked by the service). */
export const COHORT_MANAGERS: AccessRule = { roles: ['admin', 'transferstelle', 'lotse'] };
/** Adding cases to a cohort or team, milestone progress: pilots in their regions, clients in their territory. */
export const MEMBER_WRITERS: AccessRule = {
  roles: ['admin', 'transferstelle', 'lotse'],
  clientScope: 'cohorts:write',
};

export const COHORT_IF_MATCH = 'The cohort’s ETag (its version) the change is based on; stale → 412.';
export const TEAM_IF_MATCH = 'The transfer team’s ETag (its version) the change is based on; stale → 412.';
