import { ROLES, type AccessRule } from '../auth/index.js';

/** Everyone reads lessons, lineage and follow-ups (there is no contact in them); clients need `practice:read`. */
export const PRACTICE_READERS: AccessRule = { roles: ROLES, clientScope: 'practice:read' };
/** Alerts are about needs: clients with `needs:read` follow them in their territory. */
export const ALERT_READERS: AccessRule = { roles: ROLES, clientScope: 'needs:read' };
/** People who work cases: pilots in their regions (the services check the place), the Transferstelle, admins. */
export const PRACTICE_WRITERS: AccessRule = { roles: ['admin', 'transferstelle', 'lotse'] };
