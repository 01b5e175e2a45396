import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';

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
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  limit: number = 3;
}

export class CommentDto {
  @ApiProperty({ example: 'Rückruf der Bürgermeisterin am Donnerstag.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(5000)
  text: string;
}
