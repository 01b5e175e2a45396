import type { Role } from './role.js';
import type { Caller } from './caller.js';
import type { Scope } from './scopes.js';

/**
 * Who may call a route: people with one of `roles`, and API clients holding `clientScope`
 * (`'any'`: every client; absent: no client). Territory (a pilot's regions, a client's states)
 * is checked by the service against the record, since only it knows where the record lies.
 */
export interface AccessRule {
  roles: readonly Role[];
  clientScope?: Scope | 'any';
}

export function isAllowed(caller: Caller, rule: AccessRule): boolean {
  if (caller.kind === 'user') return rule.roles.includes(caller.role);
  if (rule.clientScope === undefined) return false;
  return rule.clientScope === 'any' || caller.scopes.includes(rule.clientScope);
}

/** Where a municipality (or anything attached to one) lies. */
export interface Place {
  stateCode: string;
  regionId: string | null;
}

/**
 * Whether the caller may write at this place: admins and the Transferstelle everywhere, pilots
 * in their regions, API clients in their states or regions; analysts nowhere.
 */
export function mayWriteAt(caller: Caller, place: Place): boolean {
  if (caller.kind === 'client') {
    return (
      caller.stateCodes.includes(place.stateCode) ||
      (place.regionId !== null && caller.regionIds.includes(place.regionId))
    );
  }
  switch (caller.role) {
    case 'admin':
    case 'transferstelle':
      return true;
    case 'lotse':
      return place.regionId !== null && caller.regionIds.includes(place.regionId);
    case 'analyst':
      return false;
  }
}

export function describeRule(rule: AccessRule): string {
  const clients =
    rule.clientScope === undefined
      ? 'no API clients'
      : rule.clientScope === 'any'
        ? 'any API client'
        : `API clients with scope ${rule.clientScope}`;
  return `roles: ${rule.roles.join(', ')}; ${clients}`;
}
