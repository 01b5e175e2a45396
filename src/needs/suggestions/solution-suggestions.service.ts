import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MunicipalityPlaces } from '../../municipalities/index.js';
import { SolutionCatalog, SolutionMatcher, type Solution } from '../../solutions/index.js';
import type { Need } from '../need.entity.js';
import { rankSuggestions, type RankedSuggestion } from './suggestion-ranking.js';

/** More candidates than any page of suggestions, so the weighting in Node has room to reorder. */
const CANDIDATES = 40;

export interface SolutionSuggestion extends RankedSuggestion {
  solution: Solution;
}

/** Ranks proven solutions for a need: the catalogue's matcher gathers the evidence, `rankSuggestions` weighs it. */
@Injectable()
export class SolutionSuggestionsService {
  constructor(
    private readonly matcher: SolutionMatcher,
    private readonly catalog: SolutionCatalog,
    private readonly places: MunicipalityPlaces,
  ) {}

  /** `tx`: the caller's transaction, when it suggests during a write. */
  async suggest(need: Need, limit: number, tx?: EntityManager): Promise<SolutionSuggestion[]> {
    const place = await this.places.placeOf(need.municipalityId, tx);
    if (!place) throw new Error(`need ${need.id} names a municipality that does not exist`);
    const evidence = await this.matcher.evidence(
      {
        text: `${need.title}\n${need.description}`,
        title: need.title,
        topics: need.topics,
        stateCode: place.stateCode,
        limit: CANDIDATES,
      },
      tx,
    );
    const ranked = rankSuggestions(evidence, limit);
    const solutions = await this.catalog.inOrder(
      ranked.map((r) => r.solutionId),
      tx,
    );
    return ranked.map((r, i) => ({ ...r, solution: solutions[i] }));
  }
}
