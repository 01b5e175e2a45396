import type { Role } from '../auth/index.js';

/**
 * Only an admin can manage users, and a deactivated admin's every request is a 401: a change
 * that leaves no active admin locks everyone out of user management for good, and an admin who
 * deactivates herself cannot undo it. The service decides this on the active admins' rows,
 * locked in its write's transaction.
 */
export interface AccountChange {
  role?: Role;
  active?: boolean;
}

export interface AdminChangeFacts {
  /** The changed user is an active admin now (her row is among the locked ones). */
  targetIsActiveAdmin: boolean;
  /** Active admins besides the changed user. */
  otherActiveAdmins: number;
  /** The caller changes her own account. */
  self: boolean;
}

export type AdminChangeDecision =
  { kind: 'allowed' } | { kind: 'last-admin'; fields: ('active' | 'role')[] } | { kind: 'self-deactivation' };

/** The fields by which the change would take an admin away. */
function removals(change: AccountChange): ('active' | 'role')[] {
  return [
    ...(change.active === false ? (['active'] as const) : []),
    ...(change.role !== undefined && change.role !== 'admin' ? (['role'] as const) : []),
  ];
}

/** Whether the change can take an admin away at all; other changes need no lock. */
export function mayRemoveAnAdmin(change: AccountChange): boolean {
  return removals(change).length > 0;
}

export function decideAdminChange(change: AccountChange, facts: AdminChangeFacts): AdminChangeDecision {
  const fields = removals(change);
  // The last admin is told so even when it is herself: that is the rule she could not get around.
  if (facts.targetIsActiveAdmin && facts.otherActiveAdmins === 0 && fields.length > 0) {
    return { kind: 'last-admin', fields };
  }
  if (facts.self && change.active === false) return { kind: 'self-deactivation' };
  return { kind: 'allowed' };
}

/** How each field would take the last admin away, for the problem's detail. */
export const ADMIN_REMOVALS = {
  active: 'deactivated (`active: false`)',
  role: 'given another role (`role`)',
} as const;

/** The `errors[]` messages. */
export const ADMIN_CHANGE_MESSAGES = {
  active: 'the last active admin cannot be deactivated',
  role: 'the last active admin cannot be given another role',
  selfDeactivation: 'an admin cannot deactivate herself; another admin can',
} as const;
