import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { Problems } from '../common/problems/problem.exception.js';
import { Need } from '../needs/need.entity.js';
import { SolutionSuggestionsService } from '../needs/suggestions/solution-suggestions.service.js';
import type { SuggestionReasons } from '../needs/suggestions/suggestion-ranking.js';
import { Solution } from '../solutions/solution.entity.js';
import { CaseCandidate } from './case-candidate.entity.js';
import { lockCaseForWrite, recordChange } from './case-writes.js';
import type { TransferCase } from './transfer-case.entity.js';

@Injectable()
export class CaseCandidatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly suggestions: SolutionSuggestionsService,
  ) {}

  async add(
    caller: Caller,
    caseId: string,
    solutionId: string,
    rationale: string,
    expected?: number,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await lockResearchable(tx, caseId, caller, expected);
      const solution = await tx.getRepository(Solution).findOneBy({ id: solutionId });
      if (!solution || solution.status !== 'active') {
        throw Problems.unprocessable(
          'unknown-solution',
          `solution ${solutionId} does not exist or is archived`,
          [{ field: 'solutionId', message: 'solutionId must name an active solution' }],
        );
      }
      if (await tx.getRepository(CaseCandidate).existsBy({ caseId, solutionId })) {
        throw Problems.conflict('already-a-candidate', `solution ${solution.slug} is already a candidate`, [
          { field: 'solutionId', message: 'this solution is already a candidate of the case' },
        ]);
      }
      await this.insert(tx, current, caller, solution, rationale.trim());
    });
  }

  /**
   * Adds the top suggestions for the case's need that are not candidates yet, each with a
   * rationale written from the suggestion's reasons. Returns how many were added.
   */
  async addSuggested(caller: Caller, caseId: string, limit: number, expected?: number): Promise<number> {
    return this.db.transaction(async (tx) => {
      const current = await lockResearchable(tx, caseId, caller, expected);
      const need = await tx.getRepository(Need).findOneByOrFail({ id: current.needId });
      const existing = new Set(
        (await tx.getRepository(CaseCandidate).findBy({ caseId })).map((c) => c.solutionId),
      );
      const suggested = (await this.suggestions.suggest(need, limit + existing.size))
        .filter((s) => !existing.has(s.solution.id))
        .slice(0, limit);
      for (const suggestion of suggested) {
        await this.insert(tx, current, caller, suggestion.solution, rationaleFrom(suggestion.reasons));
      }
      return suggested.length;
    });
  }

  /** Removing the chosen candidate also clears the choice and its contact. */
  async remove(caller: Caller, caseId: string, solutionId: string, expected?: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await lockResearchable(tx, caseId, caller, expected);
      const { affected } = await tx.getRepository(CaseCandidate).delete({ caseId, solutionId });
      if (!affected) throw Problems.notFound('candidate', solutionId);
      if (current.chosenSolutionId === solutionId) {
        await tx.query(
          'UPDATE transfer_cases SET chosen_solution_id = NULL, origin_contact = NULL WHERE id = $1',
          [caseId],
        );
      }
      await recordChange(tx, current, caller, { type: 'candidate_removed', data: { solutionId } });
    });
  }

  private async insert(
    tx: EntityManager,
    current: TransferCase,
    caller: Caller,
    solution: Solution,
    rationale: string,
  ): Promise<void> {
    await tx.getRepository(CaseCandidate).insert({ caseId: current.id, solutionId: solution.id, rationale });
    await recordChange(tx, current, caller, {
      type: 'candidate_added',
      data: { solutionId: solution.id, slug: solution.slug, rationale },
    });
  }
}

/** Candidates change only while the case is being researched. */
async function lockResearchable(tx: EntityManager, caseId: string, caller: Caller, expected?: number) {
  const current = await lockCaseForWrite(tx, caseId, caller, expected);
  if (current.status !== 'erfasst' && current.status !== 'recherchiert') {
    throw Problems.conflict(
      'candidates-closed',
      `candidates change while a case is erfasst or recherchiert; this one is ${current.status}`,
    );
  }
  return current;
}

/** A German rationale from the suggestion's evidence, for the pilot to refine. */
export function rationaleFrom(reasons: SuggestionReasons): string {
  const parts = [
    reasons.matchedTerms.length > 0 && `passende Begriffe: ${reasons.matchedTerms.join(', ')}`,
    reasons.nearTerms.length > 0 && `ähnliche Begriffe: ${reasons.nearTerms.join(', ')}`,
    reasons.sharedTopics.length > 0 && `gemeinsame Themen: ${reasons.sharedTopics.join(', ')}`,
    reasons.seal && `Siegel: ${reasons.seal}`,
    reasons.successfulTransfers > 0 && `${reasons.successfulTransfers} erfolgreiche Transfers`,
    reasons.sameState && 'aus demselben Land',
  ].filter(Boolean);
  return `Vorschlag der Suche (${parts.join('; ') || 'ohne besondere Merkmale'})`;
}
