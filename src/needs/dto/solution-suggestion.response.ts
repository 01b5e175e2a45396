import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { THEMES, type Theme } from '../../solutions/solution-enums.js';
import type { SolutionSuggestion } from '../suggestions/solution-suggestions.service.js';

export class SuggestionQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 20, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(20)
  limit: number = 5;
}

export class SuggestedSolution {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'mobile-retter' })
  slug: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: THEMES })
  theme: Theme;

  @ApiProperty()
  summary: string;

  @ApiProperty({ type: String, nullable: true })
  seal: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  originMunicipalityId: string | null;
}

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

  @ApiProperty({ type: [String] })
  sharedTopics: string[];

  @ApiProperty({ type: String, nullable: true, example: 'bewaehrt-vor-ort-2024' })
  seal: string | null;

  @ApiProperty({ description: 'Transfers of this solution that were implemented (umgesetzt).' })
  successfulTransfers: number;

  @ApiProperty({ description: 'The solution comes from a municipality in the same state.' })
  sameState: boolean;
}

export class SolutionSuggestionResponse {
  @ApiProperty({ type: SuggestedSolution })
  solution: SuggestedSolution;

  @ApiProperty({ example: 0.4213, description: '0 … 1, comparable among the suggestions for one need.' })
  score: number;

  @ApiProperty({ type: SuggestionReasonsResponse })
  reasons: SuggestionReasonsResponse;

  static from(s: SolutionSuggestion): SolutionSuggestionResponse {
    const { solution } = s;
    return {
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
      reasons: s.reasons,
    };
  }
}

export class SolutionSuggestionList {
  @ApiProperty({ type: [SolutionSuggestionResponse] })
  items: SolutionSuggestionResponse[];
}
