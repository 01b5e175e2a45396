import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { inOrder } from '../search/index.js';
import { Solution } from './solution.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

/** How a case page names a solution. */
export interface SolutionRefData {
  id: string;
  slug: string;
  title: string;
}

/**
 * What other modules may know of the catalogue: solutions by id, and the count of transfers that
 * implemented one. Cases and suggestions ask here instead of reading `solutions` themselves;
 * during a write they pass its transaction as `tx`.
 */
@Injectable()
export class SolutionCatalog {
  constructor(@InjectRepository(Solution) private readonly solutions: Repository<Solution>) {}

  /** The solution when it exists and is active (only active ones may become candidates). */
  active(id: string, tx?: EntityManager): Promise<Solution | null> {
    return inTransaction(this.solutions, tx).findOneBy({ id, status: 'active' });
  }

  /** The solutions with these ids, in the order of the ids (missing ones left out). */
  async inOrder(ids: readonly string[], tx?: EntityManager): Promise<Solution[]> {
    if (ids.length === 0) return [];
    return inOrder([...ids], await inTransaction(this.solutions, tx).findBy({ id: In([...ids]) }));
  }

  /** Slug and title of each of these solutions, one query whatever their number. */
  async refs(ids: readonly string[], tx?: EntityManager): Promise<Map<string, SolutionRefData>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await inTransaction(this.solutions, tx).find({
      where: { id: In(unique) },
      select: { id: true, slug: true, title: true },
    });
    return new Map(rows.map((s) => [s.id, { id: s.id, slug: s.slug, title: s.title }]));
  }

  /**
   * The catalogue's version as a scalar subquery: it counts up with every change to what the
   * catalogue offers (an active solution's text, a solution's status), in that write's transaction.
   */
  versionSql(): string {
    return '(SELECT version FROM solution_catalogue_stats)';
  }

  /**
   * Adds what an adoption's follow-up result changed to the solution's evidence (followed-up
   * adoptions, those still in use), in the transaction that recorded it: statistics, like the
   * implemented transfers, so neither a version nor a change record of the solution.
   */
  async recordFollowUpEvidence(
    tx: EntityManager,
    solutionId: string,
    delta: { followedUp: number; inUse: number },
  ): Promise<void> {
    if (delta.followedUp === 0 && delta.inUse === 0) return;
    await tx
      .withRepository(this.solutions)
      .createQueryBuilder()
      .update()
      .set({
        followedUpAdoptions: () => `followed_up_adoptions + ${Math.trunc(delta.followedUp)}`,
        adoptionsInUse: () => `adoptions_in_use + ${Math.trunc(delta.inUse)}`,
        updatedAt: () => 'updated_at',
      })
      .where('id = :solutionId', { solutionId })
      .execute();
  }

  /** Counts one more implemented transfer, in the transaction of the case that reached umgesetzt. */
  async recordImplementedTransfer(tx: EntityManager, solutionId: string): Promise<void> {
    await tx.withRepository(this.solutions).increment({ id: solutionId }, 'implementedTransfers', 1);
  }
}
