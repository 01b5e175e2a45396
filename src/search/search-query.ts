import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../common/validation/optional.decorator.js';

/** Up to this many words count as a short query, for which trigram typo matching is added. */
export const SHORT_QUERY_WORDS = 3;

export function wordsOf(query: string): string[] {
  return query.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

export function isShortQuery(query: string): boolean {
  return wordsOf(query).length <= SHORT_QUERY_WORDS;
}

/** `?q=`: free German text; must hold at least one letter or digit (punctuation alone → 400). */
export function SearchText(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'German free text, ranked by relevance: stemming ("Kommunen" finds "Kommune"), umlauts typed as ae/oe/ue, ' +
        'parts of compound words ("Mehrweg" finds "Mehrwegangebotspflicht") and small typos in short queries.',
      example: 'Mehrweg Becher',
      maxLength: 500,
    }),
    Optional(),
    IsString(),
    MaxLength(500),
    Matches(/[\p{L}\p{N}]/u, { message: 'q must contain at least one letter or digit' }),
  );
}
