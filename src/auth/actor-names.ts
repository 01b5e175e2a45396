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
  of(columns: ActorColumns): Actor | null {
    const name = columns.actorUserId
      ? this.users.get(columns.actorUserId)
      : columns.actorClientId && this.clients.get(columns.actorClientId);
    return namedActor(columns, name ?? null);
  }
}

/**
 * The actor two columns record, by the name read for them (looked up by `ActorNames.of`, or beside
 * them by `ActorNames.nameSql`); null for the system and once that account is gone.
 */
export function namedActor({ actorUserId, actorClientId }: ActorColumns, name: string | null): Actor | null {
  if (name === null) return null;
  if (actorUserId) return { kind: 'user', id: actorUserId, name };
  if (actorClientId) return { kind: 'client', id: actorClientId, name };
  return null;
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
