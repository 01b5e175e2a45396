import type { Role } from './role.js';
import type { Scope } from './scopes.js';

/** Who is calling: a person with a role, or a state system with an API key. */
export type Caller = UserCaller | ClientCaller;

interface CallerBase {
  id: string;
  /** The request's X-Request-Id, so what the caller changes can be traced to the request's log lines. */
  requestId?: string;
}

export interface UserCaller extends CallerBase {
  kind: 'user';
  role: Role;
  /** Regions a pilot works in; empty for other roles. */
  regionIds: readonly string[];
}

export interface ClientCaller extends CallerBase {
  kind: 'client';
  name: string;
  scopes: readonly Scope[];
  stateCodes: readonly string[];
  regionIds: readonly string[];
  /** External systems whose ids it may write. */
  systems: readonly string[];
}

/** The pair of nullable columns that record who did something; both null for the system (demo seed). */
export interface ActorColumns {
  actorUserId: string | null;
  actorClientId: string | null;
}

export function actorColumns(caller: Caller | null): ActorColumns {
  return {
    actorUserId: caller?.kind === 'user' ? caller.id : null,
    actorClientId: caller?.kind === 'client' ? caller.id : null,
  };
}
