import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
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
}
