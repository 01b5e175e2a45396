import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { MAX_TEXT, SLUG_PATTERN } from '../../common/validation/patterns.js';
import { THEMES, type Theme } from '../solution-enums.js';

const SLUG_MESSAGE = 'must be lower-case letters and digits separated by single hyphens';

export class TransferMaterialDto {
  @ApiProperty({ example: 'Leitfaden zur Einführung' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: 'https://example.org/leitfaden.pdf' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url: string;
}

export class SolutionContactDto {
  @ApiProperty({ example: 'Ansprechstelle Mobile Retter' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: 'kontakt@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'contact.email must be an email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+49 30 0000000' })
  @IsOptional()
  @IsString()
  @Matches(/^[+0-9 ()/-]{3,40}$/, { message: 'contact.phone must be a phone number' })
  phone?: string;
}

export class CreateSolutionDto {
  @ApiProperty({ example: 'mobile-retter', description: 'Unique, readable id for URLs.' })
  @IsString()
  @Length(2, 100)
  @Matches(SLUG_PATTERN, { message: `slug ${SLUG_MESSAGE}` })
  slug: string;

  @ApiProperty({ example: 'Mobile Retter: Ersthelfende per Smartphone alarmieren', maxLength: 300 })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiProperty({ enum: THEMES })
  @IsIn(THEMES, { message: `theme must be one of ${THEMES.join(', ')}` })
  theme: Theme;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  summary?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  problem?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT })
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  approach?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEXT, description: 'Wirkungsnachweis: what shows that it works.' })
  @Optional()
  @IsString()
  @MaxLength(MAX_TEXT)
  impactEvidence?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The municipality that built it.' })
  @IsOptional()
  @IsUUID('all', { message: 'originMunicipalityId must be a UUID' })
  originMunicipalityId?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['notfallversorgung', 'app'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(SLUG_PATTERN, { each: true, message: `each topic ${SLUG_MESSAGE}` })
  @MaxLength(50, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ example: 'bewaehrt-vor-ort-2024', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: `seal ${SLUG_MESSAGE}` })
  @MaxLength(100)
  seal?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Rough cost and time to adopt.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  effort?: string | null;

  @ApiPropertyOptional({ type: [TransferMaterialDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TransferMaterialDto)
  transferMaterials?: TransferMaterialDto[];

  @ApiPropertyOptional({ type: SolutionContactDto, nullable: true, description: 'Not shown to analysts.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SolutionContactDto)
  contact?: SolutionContactDto | null;
}
