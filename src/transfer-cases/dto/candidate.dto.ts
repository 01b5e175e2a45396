import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { RenamedTo } from '../../common/validation/renamed.decorator.js';

export class AddCandidateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId: string;

  @ApiProperty({ example: 'Gleiche Ausgangslage: Landkreis mit langen Anfahrtszeiten des Rettungsdienstes.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  rationale: string;
}

export class AddSuggestedCandidatesDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 10,
    default: 3,
    description: 'How many top suggestions to add.',
  })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit: number = 3;
}

export class CommentDto {
  @ApiProperty({
    example: 'Rückruf der Bürgermeisterin am Donnerstag.',
    maxLength: 5000,
    description: 'The comment; the timeline shows it as the event’s `note`, as for transitions.',
  })
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  note: string;

  /** The old name of `note`, refused with a 400 that says so. */
  @RenamedTo('note', 'the comment')
  text?: never;
}
