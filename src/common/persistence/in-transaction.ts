import type { EntityManager, ObjectLiteral, Repository } from 'typeorm';

/**
 * The repository on the caller's transaction when there is one. Providers that other modules call
 * during a write take that write's `tx`, so every query of the write runs on its connection.
 */
export function inTransaction<T extends ObjectLiteral>(
  repository: Repository<T>,
  tx?: EntityManager,
): Repository<T> {
  return tx ? tx.withRepository(repository) : repository;
}
