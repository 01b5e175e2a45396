import { applyDecorators } from '@nestjs/common';
import { ApiHideProperty } from '@nestjs/swagger';
import { ValidateBy, ValidateIf } from 'class-validator';

/**
 * A field the API took under an old name: whatever it holds is refused with a 400 that names the
 * new field (`text was renamed: send the comment as note`) instead of the plain "not a known
 * field", so a client still sending it learns what to change. Hidden from the API document.
 */
export function RenamedTo(field: string, what: string): PropertyDecorator {
  return applyDecorators(
    ApiHideProperty(),
    ValidateIf((_object, value) => value !== undefined),
    ValidateBy({
      name: 'renamed',
      validator: {
        validate: () => false,
        defaultMessage: (args) => `${args?.property} was renamed: send ${what} as ${field}`,
      },
    }),
  );
}
