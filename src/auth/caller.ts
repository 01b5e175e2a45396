import type { Role } from '../users/role.js';
import type { Scope } from './scopes.js';

/** Who is calling: a person with a role, or a state system with an API key. */
export type Caller = UserCaller | ClientCaller;

export interface UserCaller {
  kind: 'user';
  id: string;
  role: Role;
  /** Regions a pilot works in; empty for other roles. */
  regionIds: readonly string[];
}

export interface ClientCaller {
  kind: 'client';
  id: string;
  name: string;
  scopes: readonly Scope[];
  stateCodes: readonly string[];
  regionIds: readonly string[];
}
