export const ROLES = ['admin', 'transferstelle', 'lotse', 'analyst'] as const;
export type Role = (typeof ROLES)[number];
