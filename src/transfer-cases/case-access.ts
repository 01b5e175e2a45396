import { ROLES, type AccessRule } from '../auth/index.js';

/** Everyone reads cases; clients need `cases:read`. */
export const CASE_READERS: AccessRule = { roles: ROLES, clientScope: 'cases:read' };
/** Pilots only in their regions, clients only in their territory: the services check the case's place. */
export const CASE_WRITERS: AccessRule = {
  roles: ['admin', 'transferstelle', 'lotse'],
  clientScope: 'cases:write',
};

/** How the `If-Match` header of a case write is documented. */
export const CASE_IF_MATCH = 'The case’s ETag (its version) the change is based on; stale → 412.';
