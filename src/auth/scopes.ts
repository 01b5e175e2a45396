/** What an API client may be granted. Reads of reference data need no scope. */
export const SCOPES = [
  'municipalities:read',
  'municipalities:write',
  'regions:read',
  'solutions:read',
  'needs:read',
  'needs:write',
  'cases:read',
  'cases:write',
  'webhooks:manage',
  'reports:read',
  'cohorts:read',
  'cohorts:write',
  'practice:read',
] as const;
export type Scope = (typeof SCOPES)[number];
