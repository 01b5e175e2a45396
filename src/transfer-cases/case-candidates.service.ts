import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/index.js';
import { Problems } from '../common/problems/problem.exception.js';
import { NeedsService, SolutionSuggestionsService, type SuggestionReasons } from '../needs/index.js';
import { WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog } from '../solutions/index.js';
import { CaseCandidate } from './case-candidate.entity.js';
import { CASE_RECORDS } from './case-records.js';
import { candidateAdded, decideCandidateRemoval, refuseEdit } from './case-state-machine.js';
import { refused, TransferCasesService, type CaseView } from './transfer-cases.service.js';

@Injectable()
export class CaseCandidatesService {
  constructor(
    private readonly writes: WritePath,
    private readonly cases: TransferCasesService,
    private readonly needs: NeedsService,
    private readonly suggestions: SolutionSuggestionsService,
    private readonly solutions: SolutionCatalog,
  ) {}

  async add(
    caller: Caller,
    caseId: string,
    solutionId: string,
    rationale: string,
    expected?: number,
  ): Promise<CaseView> {
    return this.writes.run(caller, async (session) => {
      await this.addIn(session, caller, caseId, solutionId, rationale, expected);
      return this.cases.view(caller, caseId, session.tx);
    });
  }

  /** Adds a candidate inside a write (a match alert accepted): the case's one change. */
  async addIn(
    session: WriteSession,
    caller: Caller,
    caseId: string,
    solutionId: string,
    rationale: string,
    expected?: number,
  ): Promise<void> {
    const { current, facts } = await this.lockResearchable(session, caller, caseId, expected);
    const solution = await this.solutions.active(solutionId, session.tx);
    if (!solution) {
      throw Problems.unprocessable(
        'unknown-solution',
        `solution ${solutionId} does not exist or is archived`,
        [{ field: 'solutionId', message: 'solutionId must name an active solution' }],
      );
    }
    if (facts.candidates.some((c) => c.solutionId === solutionId)) {
      throw Problems.conflict('already-a-candidate', `solution ${solution.slug} is already a candidate`, [
        { field: 'solutionId', message: 'this solution is already a candidate of the case' },
      ]);
    }
    const event = candidateAdded(solution, rationale.trim());
    await session.tx.getRepository(CaseCandidate).insert({ caseId, solutionId, rationale: rationale.trim() });
    await session.changed(CASE_RECORDS, current, {
      action: 'candidate_added',
      data: { solutionIds: [solutionId] },
      history: [event],
    });
  }

  /**
   * Adds the top suggestions for the case's need that are not candidates yet, each with a
   * rationale written from the suggestion's reasons: one change of the case (none when nothing is left to add).
   */
  async addSuggested(caller: Caller, caseId: string, limit: number, expected?: number): Promise<CaseView> {
    return this.writes.run(caller, async (session) => {
      const { current, facts } = await this.lockResearchable(session, caller, caseId, expected);
      const need = await this.needs.get(current.needId, session.tx);
      const existing = new Set(facts.candidates.map((c) => c.solutionId));
      const suggested = (await this.suggestions.suggest(need, limit + existing.size, session.tx))
        .filter((s) => !existing.has(s.solution.id))
        .slice(0, limit);
      if (suggested.length === 0) return this.cases.view(caller, caseId, session.tx);
      const added = suggested.map((s) => ({ solution: s.solution, rationale: rationaleFrom(s.reasons) }));
      // The rank counts among the suggestions asked for, so it says what the pilot saw.
      await session.tx.getRepository(CaseCandidate).insert(
        suggested.map((s, i) => ({
          caseId,
          solutionId: s.solution.id,
          rationale: added[i].rationale,
          suggestionRank: s.rank,
          suggestionScore: s.score,
        })),
      );
      await session.changed(CASE_RECORDS, current, {
        action: 'candidate_added',
        data: { solutionIds: added.map(({ solution }) => solution.id) },
        history: added.map(({ solution, rationale }) => candidateAdded(solution, rationale)),
      });
      return this.cases.view(caller, caseId, session.tx);
    });
  }

  /** Removing the chosen candidate also clears the choice and its contact. */
  async remove(caller: Caller, caseId: string, solutionId: string, expected?: number): Promise<CaseView> {
    return this.writes.run(caller, async (session) => {
      const { current, facts } = await this.cases.lock(session, caller, caseId, expected);
      const decision = decideCandidateRemoval(caseId, facts, solutionId);
      if (decision.kind === 'refused') throw refused(decision);
      if (decision.kind === 'not-a-candidate') throw Problems.notFound('candidate', solutionId);
      await session.tx.getRepository(CaseCandidate).delete({ caseId, solutionId });
      await session.changed(CASE_RECORDS, current, {
        action: 'candidate_removed',
        set: decision.changes,
        data: { solutionIds: [solutionId] },
        history: [decision.event],
      });
      return this.cases.view(caller, caseId, session.tx);
    });
  }

  /** Candidates change only while the case is being researched. */
  private async lockResearchable(session: WriteSession, caller: Caller, caseId: string, expected?: number) {
    const locked = await this.cases.lock(session, caller, caseId, expected);
    const refusal = refuseEdit(caseId, locked.current.status, 'candidates');
    if (refusal) throw refused(refusal);
    return locked;
  }
}

/** A German rationale from the suggestion's evidence, for the pilot to refine. */
export function rationaleFrom(reasons: SuggestionReasons): string {
  const parts = [
    reasons.matchedTerms.length > 0 && `passende Begriffe: ${reasons.matchedTerms.join(', ')}`,
    reasons.nearTerms.length > 0 && `ähnliche Begriffe: ${reasons.nearTerms.join(', ')}`,
    reasons.synonymTerms.length > 0 && `Synonyme: ${reasons.synonymTerms.join(', ')}`,
    reasons.sharedTopics.length > 0 && `gemeinsame Themen: ${reasons.sharedTopics.join(', ')}`,
    reasons.seal && `Siegel: ${reasons.seal}`,
    reasons.successfulTransfers > 0 && `${reasons.successfulTransfers} erfolgreiche Transfers`,
    reasons.followedUpAdoptions > 0 &&
      `${reasons.adoptionsInUse} von ${reasons.followedUpAdoptions} nachverfolgten Übernahmen weiter im Einsatz`,
    reasons.sameState && 'aus demselben Land',
  ].filter(Boolean);
  return `Vorschlag der Suche (${parts.join('; ') || 'ohne besondere Merkmale'})`;
}
