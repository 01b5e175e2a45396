import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { actorColumns, type Caller } from '../auth/index.js';
import { Change } from './change.entity.js';

export interface NewChange {
  entityType: string;
  entityId: string;
  version: number;
  action: string;
  /** Null for the system itself (the demo seed). */
  actor: Caller | null;
  data?: Record<string, unknown>;
}

/**
 * Writes change records. The write path calls it for every change; the demo seed calls it for
 * the rows it loads in bulk, so both leave identical records.
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
    })),
  );
}
