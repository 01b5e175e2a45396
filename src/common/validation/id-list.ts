import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { Optional } from './optional.decorator.js';

/** An optional list of distinct UUIDs, e.g. the regions a pilot works in. */
export function OptionalIdList(description: string, maxSize = 100): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [String], format: 'uuid', description, maxItems: maxSize }),
    Optional(),
    IsArray(),
    ArrayMaxSize(maxSize),
    ArrayUnique(),
    IsUUID('all', { each: true, message: 'each entry must be a UUID' }),
  );
}
