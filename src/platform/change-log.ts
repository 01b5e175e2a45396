import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { actorColumns, type Caller } from '../auth/index.js';
import { ChangeCommit } from './change-commit.entity.js';
import { Change } from './change.entity.js';

/** Where a changed entity is, for the feed's territory filter; null for what has no place (solutions). */
export interface ChangePlace {
  stateCode: string;
  regionId: string | null;
}

export interface NewChange {
  entityType: string;
  entityId: string;
  version: number;
  action: string;
  /** Null for the system itself (the demo seed). */
  actor: Caller | null;
  data?: Record<string, unknown>;
  place?: ChangePlace | null;
}

/** Any fixed number: the advisory lock that orders the commits of change records. */
const COMMIT_ORDER_LOCK = 7_412_011;

const CURRENT_TXID = 'pg_current_xact_id()::text::bigint';

/**
 * Writes change records. The write path calls it for every change; the demo seed calls it for
 * the rows it loads in bulk, so both leave identical records. Whoever calls it must call
 * `sealChanges` as the last step of the same transaction.
 */
export async function appendChanges(tx: EntityManager, changes: readonly NewChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.getRepository(Change).insert(
    changes.map((change): QueryDeepPartialEntity<Change> => ({
      entityType: change.entityType,
      entityId: change.entityId,
      version: change.version,
      action: change.action,
      ...actorColumns(change.actor),
      requestId: change.actor?.requestId ?? null,
      // jsonb: TypeORM's partial-entity type cannot describe arbitrary JSON.
      data: (change.data ?? {}) as QueryDeepPartialEntity<Change>['data'],
      txid: () => CURRENT_TXID,
      stateCode: change.place?.stateCode ?? null,
      regionId: change.place?.regionId ?? null,
    })),
  );
}

/**
 * Gives the transaction's change records their place in the feed: its position in commit order.
 * Taken under a transaction-level advisory lock, held until COMMIT, so the next transaction gets
 * the next position only once this one is committed — a feed reader that has seen a position has
 * seen every one before it. Call it last, just before the transaction commits: whatever runs
 * after it runs with every other recording writer waiting.
 */
export async function sealChanges(tx: EntityManager): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [COMMIT_ORDER_LOCK]);
  await tx
    .getRepository(ChangeCommit)
    .createQueryBuilder()
    .insert()
    .values({ txid: () => CURRENT_TXID })
    .orIgnore()
    .execute();
}
