import { ValidateBy, type ValidationOptions } from 'class-validator';
import { parseAgs } from '../ags.js';

/** 8 digits starting with a state key 01–16. */
export function IsAgs(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAgs',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseAgs(value).ok,
        defaultMessage: (args) => {
          const result = typeof args?.value === 'string' ? parseAgs(args.value) : undefined;
          return result && !result.ok ? result.reason : 'ags must be a string of 8 digits';
        },
      },
    },
    options,
  );
}
