import type { SolutionEvidence } from '../../solutions/index.js';

/**
 * Ranking of proven solutions for a need. SQL gathers, per candidate solution, the evidence
 * below; this pure function weighs it, so the weighting can be read and tested on its own.
 */
/** The evidence per candidate solution, as the catalogue's matcher gathers it in SQL. */
export type SuggestionFeatures = SolutionEvidence;

export interface SuggestionReasons {
  matchedTerms: string[];
  nearTerms: string[];
  synonymTerms: string[];
  sharedTopics: string[];
  seal: string | null;
  successfulTransfers: number;
  followedUpAdoptions: number;
  adoptionsInUse: number;
  sameState: boolean;
}

export const FITS = ['strong', 'partial', 'weak'] as const;
export type Fit = (typeof FITS)[number];

/**
 * How well a suggestion fits, from its score. Calibrated on the labelled needs
 * (test/fixtures/needs-labelled.json, 109 of them): the no-fit needs' best scores lie below 0.12
 * in 11 of 12 cases; where the right solution ranks first, it scores 0.12 or more in three of four
 * needs and 0.2 or more in half of them.
 */
export const FIT_THRESHOLDS = { strong: 0.2, partial: 0.12 } as const;

export function fitOf(score: number): Fit {
  return score >= FIT_THRESHOLDS.strong ? 'strong' : score >= FIT_THRESHOLDS.partial ? 'partial' : 'weak';
}

/** Nothing fits when no suggestion is better than weak (or there is none): a gap in the catalogue. */
export function nothingFits(suggestions: readonly { fit: Fit }[]): boolean {
  return suggestions.every((s) => s.fit === 'weak');
}

export interface RankedSuggestion {
  solutionId: string;
  /** Place among the need's suggestions, 1 = best. */
  rank: number;
  /** 0 … 1, comparable within one need's suggestions. */
  score: number;
  fit: Fit;
  reasons: SuggestionReasons;
}

/**
 * Weights of the evidence; content dominates, track record and proximity only break near-ties.
 * Fitted on the labelled needs (test/fixtures/needs-labelled.json) with the catalogue's term
 * statistics: the weighted coverage (textRank) carries most, the share of words found as written,
 * the title's closeness and what was found only near in spelling or as a synonym add to it.
 */
export const WEIGHTS = {
  textRank: 1.6,
  coverage: 0.6,
  near: 0.3,
  synonym: 0.3,
  titleSimilarity: 0.7,
  topic: 0.25,
  seal: 0.05,
  transfers: 0.03,
  sameState: 0.03,
} as const;

const MAX_POSSIBLE =
  WEIGHTS.textRank +
  WEIGHTS.coverage +
  WEIGHTS.near +
  WEIGHTS.synonym +
  WEIGHTS.titleSimilarity +
  3 * WEIGHTS.topic +
  WEIGHTS.seal +
  WEIGHTS.transfers * Math.log2(1 + 64) +
  WEIGHTS.sameState;

export function scoreOf(f: SuggestionFeatures): number {
  const raw =
    WEIGHTS.textRank * Math.min(f.textRank, 1) +
    WEIGHTS.coverage * Math.min(f.coverage, 1) +
    WEIGHTS.near * Math.min(f.nearCoverage, 1) +
    WEIGHTS.synonym * Math.min(f.synonymCoverage, 1) +
    WEIGHTS.titleSimilarity * f.titleSimilarity +
    WEIGHTS.topic * Math.min(f.sharedTopics.length, 3) +
    (f.seal ? WEIGHTS.seal : 0) +
    WEIGHTS.transfers * Math.log2(1 + Math.min(f.successfulTransfers, 64)) +
    (f.sameState ? WEIGHTS.sameState : 0);
  return raw / MAX_POSSIBLE;
}

/** Best first; among equal scores the solution with more matched words, then the lower id. */
export function rankSuggestions(candidates: SuggestionFeatures[], limit: number): RankedSuggestion[] {
  return candidates
    .map((f) => ({ f, score: scoreOf(f) }))
    .filter(
      ({ f, score }) =>
        score > 0 &&
        (f.matchedTerms.length > 0 ||
          f.nearTerms.length > 0 ||
          f.synonymTerms.length > 0 ||
          f.sharedTopics.length > 0 ||
          f.titleSimilarity > 0),
    )
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.f.matchedTerms.length - a.f.matchedTerms.length ||
        (a.f.solutionId < b.f.solutionId ? -1 : a.f.solutionId > b.f.solutionId ? 1 : 0),
    )
    .slice(0, limit)
    .map(({ f, score }, i) => ({
      solutionId: f.solutionId,
      rank: i + 1,
      score: Math.round(score * 10_000) / 10_000,
      fit: fitOf(Math.round(score * 10_000) / 10_000),
      reasons: {
        matchedTerms: f.matchedTerms,
        nearTerms: f.nearTerms,
        synonymTerms: f.synonymTerms,
        sharedTopics: f.sharedTopics,
        seal: f.seal,
        successfulTransfers: f.successfulTransfers,
        followedUpAdoptions: f.followedUpAdoptions,
        adoptionsInUse: f.adoptionsInUse,
        sameState: f.sameState,
      },
    }));
}
