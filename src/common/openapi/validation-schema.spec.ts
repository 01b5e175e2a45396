import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsNotBlank } from '../validation/is-not-blank.decorator.js';
import { Optional } from '../validation/optional.decorator.js';
import { describeValidatedProperties } from './validation-schema.js';

class Example {
  @ApiProperty()
  @IsUUID('all')
  ownerId: string;

  @ApiProperty({ description: 'kept' })
  @IsString()
  @IsNotBlank()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(/^[a-z]+$/, { each: true })
  @MaxLength(50, { each: true })
  topics?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  count?: number | null;

  @ApiPropertyOptional({ maxLength: 7 })
  @Optional()
  @IsIn(['a', 'b'])
  @MaxLength(99)
  choice?: string;

  @ApiPropertyOptional()
  @Optional()
  @Matches(/[\p{L}]/u)
  text?: string;
}

const schemaOf = (property: keyof Example) =>
  Reflect.getMetadata('swagger/apiModelProperties', Example.prototype, property) as Record<string, unknown>;

describe('describeValidatedProperties', () => {
  beforeAll(() => describeValidatedProperties());

  it('adds what the validators enforce to the swagger metadata', () => {
    expect(schemaOf('ownerId')).toMatchObject({ type: String, format: 'uuid' });
    expect(schemaOf('title')).toMatchObject({
      description: 'kept',
      minLength: 1,
      pattern: '\\S',
      maxLength: 300,
    });
    // Element rules land on the array property; Nest moves format, pattern and lengths into items.
    expect(schemaOf('topics')).toMatchObject({
      maxItems: 20,
      uniqueItems: true,
      pattern: '^[a-z]+$',
      maxLength: 50,
    });
    expect(schemaOf('count')).toMatchObject({ type: 'integer', minimum: 0, maximum: 10, nullable: true });
  });

  it('lets an explicit @ApiProperty option win and leaves null out where @Optional() refuses it', () => {
    expect(schemaOf('choice')).toMatchObject({ maxLength: 7, enum: ['a', 'b'] });
    expect(schemaOf('choice')).not.toHaveProperty('nullable');
    expect(schemaOf('topics')).not.toHaveProperty('nullable');
  });

  it('leaves unicode property classes to the description (OpenAPI 3.0 patterns have no u flag)', () => {
    expect(schemaOf('text')).not.toHaveProperty('pattern');
  });

  it('is idempotent', () => {
    const before = schemaOf('title');
    describeValidatedProperties();
    expect(schemaOf('title')).toEqual(before);
  });
});
