import { ApiProperty, PickType } from '@nestjs/swagger';
import { SolutionResponse } from '../../solutions/index.js';
import type { SolutionSuggestion } from '../suggestions/solution-suggestions.service.js';
import { FITS, nothingFits, type Fit } from '../suggestions/suggestion-ranking.js';

/** The parts of a solution a suggestion list shows; no contact, whoever asks. */
export class SuggestedSolution extends PickType(SolutionResponse, [
  'id',
  'slug',
  'title',
  'theme',
  'summary',
  'seal',
  'originMunicipalityId',
] as const) {}

export class SuggestionReasonsResponse {
  @ApiProperty({
    type: [String],
    description: 'Words of the need found in the solution (stem or compound part).',
  })
  matchedTerms: string[];

  @ApiProperty({
    type: [String],
    description: 'Words of the need close to a word of the solution (typos, compounds).',
  })
  nearTerms: string[];

  @ApiProperty({
    type: [String],
    example: ['Azubis ≈ Ausbildung'],
    description:
      'Words of the need found only as a synonym (thesaurus: OpenThesaurus and a municipal supplement), ' +
      'each with the synonym the solution uses; they weigh less than words as written.',
  })
  synonymTerms: string[];

  @ApiProperty({ type: [String] })
  sharedTopics: string[];

  @ApiProperty({ type: String, nullable: true, example: 'bewaehrt-vor-ort-2024' })
  seal: string | null;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Transfers of this solution that were implemented (umgesetzt).',
  })
  successfulTransfers: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Adoptions whose impact was followed up after umgesetzt (6 and 12 months by default).',
  })
  followedUpAdoptions: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: 'Of those, the adoptions still using the solution at their latest follow-up.',
  })
  adoptionsInUse: number;

  @ApiProperty({ description: 'The solution comes from a municipality in the same state.' })
  sameState: boolean;
}

export class SolutionSuggestionResponse {
  @ApiProperty({ type: SuggestedSolution })
  solution: SuggestedSolution;

  @ApiProperty({
    minimum: 0,
    maximum: 1,
    example: 0.4213,
    description: '0 … 1, comparable among the suggestions for one need.',
  })
  score: number;

  @ApiProperty({
    enum: FITS,
    example: 'strong',
    description:
      'How well it fits, from calibrated score thresholds: `strong` (a match to broker), `partial` ' +
      '(related, worth a look), `weak` (only a few words in common).',
  })
  fit: Fit;

  @ApiProperty({ type: SuggestionReasonsResponse })
  reasons: SuggestionReasonsResponse;

  static from(s: SolutionSuggestion): SolutionSuggestionResponse {
    const { solution } = s;
    return Object.assign(new SolutionSuggestionResponse(), {
      solution: {
        id: solution.id,
        slug: solution.slug,
        title: solution.title,
        theme: solution.theme,
        summary: solution.summary,
        seal: solution.seal,
        originMunicipalityId: solution.originMunicipalityId,
      },
      score: s.score,
      fit: s.fit,
      reasons: s.reasons,
    });
  }
}

export class SolutionSuggestionList {
  @ApiProperty({ type: [SolutionSuggestionResponse] })
  items: SolutionSuggestionResponse[];

  @ApiProperty({
    description:
      'True when no suggestion fits better than `weak` (or there is none): the catalogue has no proven ' +
      'solution for this need yet, a gap to record rather than a match to broker.',
  })
  nothingFits: boolean;

  static of(suggestions: SolutionSuggestion[]): SolutionSuggestionList {
    return Object.assign(new SolutionSuggestionList(), {
      items: suggestions.map(SolutionSuggestionResponse.from),
      nothingFits: nothingFits(suggestions),
    });
  }
}
