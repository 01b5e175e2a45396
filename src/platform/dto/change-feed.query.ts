import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Optional } from '../../common/validation/optional.decorator.js';
import { CHANGE_KINDS, type ChangeKind } from '../change-kinds.js';

export const DEFAULT_FEED_PAGE = 100;
export const MAX_FEED_PAGE = 1000;

/** `GET /changes?after=&types=&limit=`. */
export class ChangeFeedQuery {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous answer; absent: from the beginning. A cursor belongs to the `types` it was issued for.',
    pattern: '^[A-Za-z0-9_-]+$',
    minLength: 1,
  })
  @Optional()
  @IsString()
  @MaxLength(1024)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'after must be a cursor as returned in nextCursor' })
  after?: string;

  @ApiPropertyOptional({
    description:
      'Kinds of entity to follow (`types=need&types=transfer_case`, or comma-separated); absent: every kind the caller may read.',
    enum: CHANGE_KINDS,
    isArray: true,
    example: ['need', 'transfer_case'],
  })
  @Optional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayUnique()
  @ArrayMinSize(1)
  @ArrayMaxSize(CHANGE_KINDS.length)
  @IsIn(CHANGE_KINDS, { each: true, message: `each of types must be one of ${CHANGE_KINDS.join(', ')}` })
  types?: ChangeKind[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_FEED_PAGE, default: DEFAULT_FEED_PAGE })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(MAX_FEED_PAGE)
  limit: number = DEFAULT_FEED_PAGE;
}
