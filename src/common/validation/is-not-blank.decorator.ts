import { ValidateBy, type ValidationOptions } from 'class-validator';

/** A string with at least one non-whitespace character. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: (args) => `${args?.property} must not be empty`,
      },
    },
    options,
  );
}
