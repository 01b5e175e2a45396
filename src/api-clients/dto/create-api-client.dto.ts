import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { SLUG_PATTERN as SYSTEM_PATTERN } from '../../common/validation/patterns.js';
import { Optional } from '../../common/validation/optional.decorator.js';
import { IsNotBlank } from '../../common/validation/is-not-blank.decorator.js';
import { OptionalIdList } from '../../common/validation/id-list.js';
import { type Scope, SCOPES } from '../../auth/index.js';
import { STATE_CODES } from '../../states/index.js';

export class CreateApiClientDto {
  @ApiProperty({ example: 'Digitallotsen Sachsen', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['municipalities:read', 'municipalities:write'] })
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true, message: `each scope must be one of ${SCOPES.join(', ')}` })
  scopes: Scope[];

  @ApiPropertyOptional({ enum: STATE_CODES, isArray: true, description: 'States the client may write in.' })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(16)
  @IsIn(STATE_CODES, { each: true, message: 'each state code must be an ISO 3166-2 code DE-SH … DE-TH' })
  stateCodes?: string[];

  @OptionalIdList('Regions the client may write in (besides its states).')
  regionIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['digitallotsen-sn'],
    description: 'External systems whose ids the client may write (`PUT /integrations/{system}/…`).',
  })
  @Optional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @Matches(SYSTEM_PATTERN, {
    each: true,
    message: 'each system must be lower-case letters and digits separated by single hyphens',
  })
  @MaxLength(40, { each: true })
  systems?: string[];
}
