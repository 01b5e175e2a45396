import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActorColumns } from './caller.js';
import { IdentitySources } from './identity-sources.js';

/** Who did something, as a desk tool names it: a person or an API client, by name (no contact data). */
export interface Actor {
  kind: 'user' | 'client';
  id: string;
  name: string;
}

/** The names of the actors of a set of rows, looked up once for all of them. */
export class Actors {
  constructor(
    private readonly users: ReadonlyMap<string, string>,
    private readonly clients: ReadonlyMap<string, string>,
  ) {}

  /** The actor the two columns record; null for the system (demo seed) and once that account is gone. */
  of({ actorUserId, actorClientId }: ActorColumns): Actor | null {
    if (actorUserId) return named('user', actorUserId, this.users.get(actorUserId));
    if (actorClientId) return named('client', actorClientId, this.clients.get(actorClientId));
    return null;
  }
}

/**
 * The actor two columns record, with the name a list read beside them (`ActorNames.nameSql`); null
 * as `Actors.of` says.
 */
export function namedActor({ actorUserId, actorClientId }: ActorColumns, name: string | null): Actor | null {
  if (actorUserId) return named('user', actorUserId, name ?? undefined);
  if (actorClientId) return named('client', actorClientId, name ?? undefined);
  return null;
}

function named(kind: Actor['kind'], id: string, name: string | undefined): Actor | null {
  return name === undefined ? null : { kind, id, name };
}

/**
 * Names the people and systems that did something, for lists and timelines: one query per kind of
 * actor whatever the number of rows (none for a kind that does not occur), through the sources
 * users/ and api-clients/ register in `IdentitySources`.
 */
@Injectable()
export class ActorNames {
  constructor(private readonly sources: IdentitySources) {}

  /** `tx`: the caller's transaction, when asked during a write. */
  async of(rows: readonly ActorColumns[], tx?: EntityManager): Promise<Actors> {
    const userIds = distinct(rows.map((row) => row.actorUserId));
    const clientIds = distinct(rows.map((row) => row.actorClientId));
    const users = userIds.length > 0 ? await this.sources.users.namesOf(userIds, tx) : new Map();
    const clients = clientIds.length > 0 ? await this.sources.clients.namesOf(clientIds, tx) : new Map();
    return new Actors(users, clients);
  }

  /**
   * The name of the actor the two columns (SQL) record, as a scalar subquery for a list's own
   * select: the page and its names in one statement. Read it with `namedActor`.
   */
  nameSql(userColumn: string, clientColumn: string): string {
    return `COALESCE(${this.sources.users.nameSql(userColumn)}, ${this.sources.clients.nameSql(clientColumn)})`;
  }
}

function distinct(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
