import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import { WritePath } from '../../platform/index.js';
import { SolutionCatalog } from '../../solutions/index.js';
import { Need } from '../need.entity.js';
import { SolutionSuggestionsService } from './solution-suggestions.service.js';
import type { Fit } from './suggestion-ranking.js';

/** How well the catalogue answers a need: its best suggestion, as judged at `assessedAt`. */
export interface NeedFit {
  /** Null until first judged (a need recorded before this existed, until the refresher gets to it). */
  fit: Fit | null;
  bestSolutionId: string | null;
  bestScore: number | null;
  assessedAt: Date | null;
  /** Judged against the catalogue as it is now; false after a solution was added, changed or archived since. */
  current: boolean;
}

/** Needs a write judges itself, at most; a larger batch leaves them to the refresher. */
export const JUDGED_IN_WRITE = 10;

/** A fit as `NeedFits.fitSql` selects it. */
export interface NeedFitJson {
  fit: Fit | null;
  best_solution_id: string | null;
  best_score: number | null;
  assessed_at: string | null;
  current: boolean;
}

/** The fit `NeedFits.fitSql` read (null: the need has no fit row). */
export function fitOfJson(json: NeedFitJson | null): NeedFit | null {
  if (json === null) return null;
  return {
    fit: json.fit,
    bestSolutionId: json.best_solution_id,
    bestScore: json.best_score,
    assessedAt: json.assessed_at === null ? null : new Date(json.assessed_at),
    current: json.fit !== null && json.current,
  };
}

/**
 * Each need's best fit (`need_fits`): the discovery list of needs the catalogue does not answer
 * (`GET /needs?bestFit=weak`). Every write of a need judges it again in its own transaction
 * (`WritePath.keepDerived`), a bulk write marks its needs for the refresher; a change to the
 * catalogue leaves the judgements made before it stale, and `refresh` judges those again, oldest
 * catalogue version first.
 */
@Injectable()
export class NeedFits implements OnModuleInit {
  constructor(
    @InjectRepository(Need) private readonly needs: Repository<Need>,
    private readonly writes: WritePath,
    private readonly suggestions: SolutionSuggestionsService,
    private readonly catalog: SolutionCatalog,
  ) {}

  onModuleInit(): void {
    this.writes.keepDerived('need', (tx, ids) => this.keep(tx, ids));
  }

  /**
   * A write of a few needs judges them in its transaction; a batch (a state system's bulk push)
   * only marks them for the refresher: judging a thousand needs would hold the batch's locks for
   * half a minute, and the refresher takes the marked ones first.
   */
  private async keep(tx: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length <= JUDGED_IN_WRITE) return this.assess(tx, ids);
    // Locked in id order, as every writer of these rows locks them, so concurrent batches never deadlock.
    await tx.withRepository(this.needs).query(
      `UPDATE need_fits f SET catalogue_version = -1
       FROM (SELECT need_id FROM need_fits WHERE need_id = ANY($1::uuid[]) ORDER BY need_id FOR UPDATE) l
       WHERE f.need_id = l.need_id`,
      [ids],
    );
  }

  /** Judges these needs against the catalogue, in the caller's transaction. */
  async assess(tx: EntityManager, ids: readonly string[]): Promise<void> {
    // The version before the judgement: a catalogue change committed meanwhile leaves it stale, not
    // marked current with an answer that predates it.
    const [{ version }]: { version: string }[] = await tx
      .withRepository(this.needs)
      .query(`SELECT ${this.catalog.versionSql()} AS version`);
    const needs = await tx
      .withRepository(this.needs)
      .find({ where: { id: In([...ids]) }, order: { id: 'ASC' } });
    for (const need of needs) {
      const [best] = await this.suggestions.suggest(need, 1, tx);
      await tx.withRepository(this.needs).query(
        `INSERT INTO need_fits (need_id, fit, best_solution_id, best_score, catalogue_version, assessed_at)
         VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (need_id) DO UPDATE SET
           fit = EXCLUDED.fit, best_solution_id = EXCLUDED.best_solution_id, best_score = EXCLUDED.best_score,
           catalogue_version = EXCLUDED.catalogue_version, assessed_at = EXCLUDED.assessed_at`,
        [need.id, best?.fit ?? 'weak', best?.solutionId ?? null, best?.score ?? 0, version],
      );
    }
  }

  /**
   * Judges again up to `limit` needs judged against an older catalogue, and says how many. Several
   * instances share the work: each takes rows the others have not locked.
   */
  refresh(limit: number): Promise<number> {
    return this.needs.manager.transaction(async (tx) => {
      const rows: { need_id: string }[] = await tx.withRepository(this.needs).query(
        `SELECT need_id FROM need_fits
         WHERE catalogue_version < ${this.catalog.versionSql()}
         ORDER BY catalogue_version, need_id
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length > 0)
        await this.assess(
          tx,
          rows.map((r) => r.need_id),
        );
      return rows.length;
    });
  }

  /**
   * The fit of the need whose id is in `column`, as a scalar subquery for the select of the needs
   * it belongs to (one statement for a page of them); read it with `fitOfJson`.
   */
  fitSql(column: string): string {
    return `(SELECT jsonb_build_object('fit', f.fit, 'best_solution_id', f.best_solution_id,
               'best_score', f.best_score, 'assessed_at', f.assessed_at,
               'current', f.catalogue_version >= ${this.catalog.versionSql()})
             FROM need_fits f WHERE f.need_id = ${column})`;
  }

  /** A condition on the needs alias `n`: its best fit is `:bestFit`. */
  filterSql(): string {
    return 'n.id IN (SELECT f.need_id FROM need_fits f WHERE f.fit = :bestFit)';
  }
}
