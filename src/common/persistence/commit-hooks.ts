import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** What a write recorded, handed to the hooks of its request. */
export interface RecordedEntity {
  kind: string;
  id: string;
}

/** Runs inside a write's transaction, last before it commits. */
export type BeforeCommit = (tx: EntityManager, recorded: readonly RecordedEntity[]) => Promise<void>;

const requestHooks = new AsyncLocalStorage<BeforeCommit[]>();

/**
 * Lets a request's wrapper (the Idempotency-Key interceptor) put work into the transaction of
 * the write the request makes, so both commit or neither does. `work` and everything it starts
 * see the hook.
 */
export function withBeforeCommit<T>(hook: BeforeCommit, work: () => T): T {
  return requestHooks.run([...(requestHooks.getStore() ?? []), hook], work);
}

/** Called by the write path as the last step of a write's transaction. */
export async function runBeforeCommit(tx: EntityManager, recorded: readonly RecordedEntity[]): Promise<void> {
  for (const hook of requestHooks.getStore() ?? []) await hook(tx, recorded);
}
