import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { runBeforeCommit, type RecordedEntity } from '../common/persistence/commit-hooks.js';
import { Problems } from '../common/problems/problem.exception.js';
import { appendChanges, sealChanges, type ChangePlace } from './change-log.js';

/**
 * Keeps a module's derived data of these records (ids of one kind) current, in the write's
 * transaction; what it records itself (a match alert a published solution raised) is part of the write.
 */
export type KeepDerived = (tx: EntityManager, ids: readonly string[], session: WriteSession) => Promise<void>;

/** A record the write path can change: an id, a version counted up by every change, a change time. */
export interface Versioned {
  id: string;
  version: number;
  updatedAt: Date;
}

/** A module's versioned table, as its module describes it to the write path. */
export interface VersionedTable<E extends Versioned, H = undefined, R = void> {
  /** The module's own entity. */
  entity: EntityTarget<E>;
  /** What change records call it: `municipality`. */
  kind: string;
  /** What refusals call it: `transfer case` (→ "transfer case … does not exist"). */
  label: string;
  /** The module's own history of the table (the case timeline), appended with every change. */
  history?: (tx: EntityManager, entry: HistoryEntry<H>) => Promise<R>;
  /** Where a row is, for the change feed's territory filter, when the row itself says so. */
  placeOf?: (row: E) => ChangePlace | null;
}

export interface HistoryEntry<H> {
  entityId: string;
  version: number;
  actor: Caller | null;
  history: H | undefined;
}

/** Any versioned table, whatever its history keeps. */
type AnyTable<E extends Versioned> = VersionedTable<E, never, unknown>;

/** What a write changed, as the change record and the table's history keep it. */
export interface ChangeInput<H = undefined> {
  /** `created`, `updated`, `closed`, `archived`, `deleted`, `transitioned`, … */
  action: string;
  /** What changed, never personal data: field names, ids, statuses. */
  data?: Record<string, unknown>;
  /** The columns the change writes (entity property names), in the statement that counts the version up. */
  set?: Record<string, unknown>;
  /** A comment on a case is part of its history but not a new version of it; default true. */
  bumpsVersion?: boolean;
  history?: H;
  /** Where the entity is, when its table's `placeOf` cannot tell from the row (a need: its municipality). */
  place?: ChangePlace | null;
}

export interface LockOptions<E> {
  /** From If-Match or `expectedVersion`: a stale one is refused with 412. */
  expectedVersion?: number;
  /** Refusals that depend on the locked row, such as territory (403); run before the version check. */
  authorize?: (row: E, tx: EntityManager) => void | Promise<void>;
}

/**
 * The steps of one write inside its transaction. Every query of the write runs on `tx`, also
 * those it asks of other modules (pass `tx` to their providers): a second connection taken while
 * this one holds a row lock can starve the pool when writers queue for that lock.
 * `WritePath.update/create/delete` cover the usual
 * writes; a module composes the steps itself where one request makes several (an upsert).
 */
export class WriteSession {
  /** The entities this write recorded changes of; if any, it seals them before it commits. */
  readonly recorded: RecordedEntity[] = [];

  constructor(
    readonly tx: EntityManager,
    readonly actor: Caller | null,
  ) {}

  /**
   * Locks the row for the rest of the transaction, so concurrent writers queue instead of
   * interleaving. Refuses in this order: missing (404), `authorize` (403), stale version (412).
   */
  async lock<E extends Versioned>(table: AnyTable<E>, id: string, options: LockOptions<E> = {}): Promise<E> {
    const row = await this.tx
      .getRepository(table.entity)
      .createQueryBuilder('row')
      .setLock('pessimistic_write')
      .where('row.id = :id', { id })
      .getOne();
    if (!row) throw Problems.notFound(table.label, id);
    await options.authorize?.(row, this.tx);
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw Problems.preconditionFailed(
        `${table.label} ${id} is at version ${row.version}, not ${options.expectedVersion}; reload it and try again`,
        { currentVersion: row.version },
      );
    }
    return row;
  }

  /** The row as this write has left it. */
  reload<E extends Versioned>(table: AnyTable<E>, id: string): Promise<E> {
    return this.tx.getRepository(table.entity).findOneByOrFail({ id } as FindOptionsWhere<E>);
  }

  /** Records a row the module has just inserted, at version 1; the row as stored. */
  async created<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    id: string,
    change: ChangeInput<H> = { action: 'created' },
  ): Promise<E> {
    const row = await this.reload(table, id);
    await this.record(table, id, 1, change, row);
    return row;
  }

  /**
   * Applies a change to a locked row: writes its columns and counts the version up in one
   * statement, appends the table's history and the change record.
   */
  async changed<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    row: E,
    change: ChangeInput<H>,
  ): Promise<{ version: number; history: R | undefined }> {
    const version =
      change.bumpsVersion === false ? row.version : await this.write(table, row.id, change.set ?? {});
    // The place the feed files the change under is where the row is after it.
    const after = { ...row, ...change.set } as E;
    return { version, history: await this.record(table, row.id, version, change, after) };
  }

  /** Deletes a locked row; its deletion is its last version. */
  async deleted<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    row: E,
    change: ChangeInput<H> = { action: 'deleted' },
  ): Promise<void> {
    await this.tx.getRepository(table.entity).delete({ id: row.id } as FindOptionsWhere<E>);
    await this.record(table, row.id, row.version + 1, change, row);
  }

  /**
   * Records many changes the module has written itself in set-based statements (a bulk write):
   * one change record each, in one insert. Tables with a history of their own are not for this.
   */
  async recordedMany<E extends Versioned>(
    table: VersionedTable<E>,
    entries: ReadonlyArray<{
      id: string;
      version: number;
      action: string;
      data?: Record<string, unknown>;
      place: ChangePlace | null;
    }>,
  ): Promise<void> {
    await appendChanges(
      this.tx,
      entries.map((entry) => ({
        entityType: table.kind,
        entityId: entry.id,
        version: entry.version,
        action: entry.action,
        actor: this.actor,
        data: entry.data,
        place: entry.place,
      })),
    );
    this.recorded.push(...entries.map((entry) => ({ kind: table.kind, id: entry.id })));
  }

  private async write<E extends Versioned>(table: AnyTable<E>, id: string, set: Record<string, unknown>) {
    const { raw } = await this.tx
      .getRepository(table.entity)
      .createQueryBuilder()
      .update()
      .set({
        ...set,
        version: () => 'version + 1',
        updatedAt: () => "date_trunc('milliseconds', now())",
      } as never)
      .where('id = :id', { id })
      .returning('version')
      .execute();
    return (raw as { version: number }[])[0].version;
  }

  private async record<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    entityId: string,
    version: number,
    change: ChangeInput<H>,
    row: E,
  ): Promise<R | undefined> {
    const place = change.place !== undefined ? change.place : (table.placeOf?.(row) ?? null);
    const history = table.history
      ? await table.history(this.tx, { entityId, version, actor: this.actor, history: change.history })
      : undefined;
    await appendChanges(this.tx, [
      {
        entityType: table.kind,
        entityId,
        version,
        action: change.action,
        actor: this.actor,
        data: change.data,
        place,
      },
    ]);
    this.recorded.push({ kind: table.kind, id: entityId });
    return history;
  }
}

/**
 * The one way a module changes a versioned record: in one transaction, lock the row, refuse
 * (404, 403, 412), apply, count the version up, append the table's history and one change record.
 * All of it commits or none of it does; a refused write (any 4xx) leaves nothing behind.
 */
@Injectable()
export class WritePath {
  private readonly derived = new Map<string, KeepDerived[]>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Data a module derives from its records of `kind` (a need's best fit), kept by every write that
   * records a change of one, in that write's transaction: it commits with the change or not at all.
   */
  keepDerived(kind: string, keep: KeepDerived): void {
    this.derived.set(kind, [...(this.derived.get(kind) ?? []), keep]);
  }

  run<T>(actor: Caller | null, work: (session: WriteSession) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const session = new WriteSession(tx, actor);
      const result = await work(session);
      for (const [kind, keepers] of this.derived) {
        const ids = [...new Set(session.recorded.filter((r) => r.kind === kind).map((r) => r.id))];
        if (ids.length > 0) for (const keep of keepers) await keep(tx, ids, session);
      }
      // Last, in this order: the request's own hooks (its Idempotency-Key), then the commit position,
      // which keeps every other recording writer waiting until this transaction commits.
      await runBeforeCommit(tx, session.recorded);
      if (session.recorded.length > 0) await sealChanges(tx);
      return result;
    });
  }

  /** Inserts (the module's `insert` returns the new id) and records the creation; the row as stored. */
  create<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    actor: Caller | null,
    insert: (session: WriteSession) => Promise<string>,
    change?: ChangeInput<H>,
  ): Promise<E> {
    return this.run(actor, async (session) => {
      return session.created(table, await insert(session), change);
    });
  }

  /**
   * Changes one row: `apply` makes the change on the locked row and says what it was, or null
   * when the request changes nothing (then no version and no record). The row as it now is.
   */
  update<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    id: string,
    actor: Caller | null,
    options: LockOptions<E>,
    apply: (session: WriteSession, row: E) => Promise<ChangeInput<H> | null>,
  ): Promise<E> {
    return this.run(actor, async (session) => {
      const row = await session.lock(table, id, options);
      const change = await apply(session, row);
      if (!change) return row;
      await session.changed(table, row, change);
      return session.reload(table, id);
    });
  }

  delete<E extends Versioned, H, R>(
    table: VersionedTable<E, H, R>,
    id: string,
    actor: Caller | null,
    options: LockOptions<E> = {},
  ): Promise<void> {
    return this.run(actor, async (session) => session.deleted(table, await session.lock(table, id, options)));
  }
}

/**
 * The update that brings a row to `patch`: the fields whose value differs (arrays and objects by
 * content; absent ones stay), or null when none does, so a request that repeats what is stored
 * changes nothing and records nothing.
 */
export function updateOf<E extends object>(row: E, patch: Partial<E>): ChangeInput | null {
  const fields = (Object.keys(patch) as (keyof E & string)[]).filter(
    (key) => patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(row[key]),
  );
  if (fields.length === 0) return null;
  return {
    action: 'updated',
    data: { fields },
    set: Object.fromEntries(fields.map((field) => [field, patch[field]])),
  };
}
