import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../common/validation/optional.decorator.js';

/**
 * A letter of the Latin script (with umlauts, ß and the other accented letters) or a digit. Written
 * without Unicode property classes so that the OpenAPI document can carry it as the pattern of
 * `q`: every schema-driven client and validator reads it the same way.
 */
const SEARCHABLE = /[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F]/;

/** `?q=`: free German text; must hold at least one letter or digit (punctuation alone → 400). */
export function SearchText(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description:
        'German free text, ranked by relevance: stemming ("Kommunen" finds "Kommune"), umlauts typed as ae/oe/ue, ' +
        'parts of compound words ("Mehrweg" finds "Mehrwegangebotspflicht", "Alarmierung" finds ' +
        '"Notfallalarmierung") and small typos ("Mehrwegangebotsplicht"). Must hold at least one (Latin) letter or digit.',
      example: 'Mehrweg Becher',
      maxLength: 500,
    }),
    Optional(),
    IsString(),
    MaxLength(500),
    Matches(SEARCHABLE, { message: 'q must contain at least one letter (Latin script) or digit' }),
  );
}
