import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../common/validation/optional.decorator.js';

/** `?q=`: free German text; must hold at least one letter or digit (punctuation alone → 400). */
export function SearchText(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'German free text, ranked by relevance: stemming ("Kommunen" finds "Kommune"), umlauts typed as ae/oe/ue, ' +
        'parts of compound words ("Mehrweg" finds "Mehrwegangebotspflicht", "Alarmierung" finds ' +
        '"Notfallalarmierung") and small typos ("Mehrwegangebotsplicht"). Must hold at least one letter or digit.',
      example: 'Mehrweg Becher',
      maxLength: 500,
    }),
    Optional(),
    IsString(),
    MaxLength(500),
    Matches(/[\p{L}\p{N}]/u, { message: 'q must contain at least one letter or digit' }),
  );
}
