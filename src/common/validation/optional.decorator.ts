import { ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * May be left out, but when given — null included — must pass the other validators. Unlike
 * `@IsOptional()`, which also waves `null` through and so lets a client blank a required column.
 */
export function Optional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
