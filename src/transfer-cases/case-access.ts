import type { AccessRule } from '../auth/access-rule.js';
import { ROLES } from '../users/role.js';

/** Everyone reads cases; clients need `cases:read`. */
export const CASE_READERS: AccessRule = { roles: ROLES, clientScope: 'cases:read' };
/** Pilots only in their regions, clients only in their territory: the services check the case's place. */
export const CASE_WRITERS: AccessRule = {
  roles: ['admin', 'transferstelle', 'lotse'],
  clientScope: 'cases:write',
};
