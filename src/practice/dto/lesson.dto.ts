import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination/page-query.dto.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { MAX_TEXT, SLUG_PATTERN } from '../../common/validation/patterns.js';

export class LessonMaterialDto {
  @ApiProperty({ example: 'Dienstanweisung Ersthelfer-Alarmierung (Vorlage)' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'https://example.org/vorlage.docx' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url: string;
}

const TEXT = (description: string, example?: string) =>
  ApiPropertyOptional({ type: String, maxLength: MAX_TEXT, description, ...(example && { example }) });

/** A lesson on a case or a cohort: exactly one of `caseId` and `cohortId`. */
export class CreateLessonDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The transfer case it was learned on (or `cohortId`).',
  })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The cohort it was learned in (or `caseId`).' })
  @IsOptional()
  @IsUUID('all', { message: 'cohortId must be a UUID' })
  cohortId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The solution it is about: by default the case’s chosen solution (or the cohort’s); else one of its candidates.',
  })
  @IsOptional()
  @IsUUID('all', { message: 'solutionId must be a UUID' })
  solutionId?: string;

  @ApiProperty({ maxLength: 300, example: 'Leitstelle früh einbinden' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @TEXT('What was learned, in prose.')
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  body?: string;

  @TEXT('What had to be adapted to make it work here.')
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TEXT)
  adaptations?: string;

  @TEXT('Obstacles met and how they were overcome.')
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TEXT)
  obstacles?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 18000,
    description: 'Cost actually needed, in euros.',
  })
  @Optional()
  @IsInt({ message: 'costEuros must be a whole number of euros' })
  @Min(0)
  @Max(1_000_000_000)
  costEuros?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 25,
    description: 'Effort actually needed, in person-days.',
  })
  @Optional()
  @IsInt({ message: 'effortPersonDays must be a whole number' })
  @Min(0)
  @Max(100_000)
  effortPersonDays?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    example: 7,
    description: 'Time from start to use, in months.',
  })
  @Optional()
  @IsInt({ message: 'durationMonths must be a whole number' })
  @Min(0)
  @Max(600)
  durationMonths?: number;

  @TEXT(
    'The legal basis used (statutes, council resolutions, agreements).',
    '§ 2 SächsBRKG; Kreistagsbeschluss 2026/114',
  )
  @Optional()
  @IsString()
  @IsNotBlank()
  @MaxLength(MAX_TEXT)
  legalBasis?: string;

  @ApiPropertyOptional({ type: [LessonMaterialDto], description: 'Materials produced on the way.' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LessonMaterialDto)
  materials?: LessonMaterialDto[];

  @ApiPropertyOptional({ type: [String], example: ['leitstelle', 'datenschutz'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(SLUG_PATTERN, {
    each: true,
    message: 'each tag must be lower-case letters and digits separated by single hyphens',
  })
  @MaxLength(50, { each: true })
  tags?: string[];
}

export class LessonListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'datenschutz' })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'tag must be a tag slug' })
  @MaxLength(50)
  tag?: string;
}
