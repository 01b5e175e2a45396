import type { ValidationError } from 'class-validator';
import type { FieldError } from './problem-details.js';

/**
 * Flattens class-validator's error tree into one `{ field, message }` per field: a missing
 * required field is `<field> is required`, otherwise the most fundamental constraint it failed
 * (see `CONSTRAINT_RANK`), so a client reads one reason per field, not "must be a string, must not
 * be empty, must be shorter than 5000 characters" for a field it left out.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = path(parent, error.property);
    const own = fieldError(field, error);
    return [...(own ? [own] : []), ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * How fundamental a failed constraint is, lowest first: the field itself (unknown, renamed), its
 * presence, its type (a container before its elements), emptiness, its format, then its length or
 * range. Constraints not listed (`isIn`, `matches`, `isUuid`, custom ones such as `isAgs`) count as format.
 */
export const CONSTRAINT_RANK: Readonly<Record<string, number>> = {
  whitelistValidation: 0,
  renamed: 0,
  unknownValue: 0,
  isDefined: 1,
  isArray: 2,
  isObject: 2,
  nestedValidation: 3,
  isString: 4,
  isNumber: 4,
  isInt: 4,
  isBoolean: 4,
  isDate: 4,
  isNotBlank: 5,
  isNotEmpty: 5,
  arrayNotEmpty: 5,
  minLength: 7,
  maxLength: 7,
  isLength: 7,
  min: 7,
  max: 7,
  arrayMinSize: 7,
  arrayMaxSize: 7,
};
const FORMAT_RANK = 6;

function fieldError(field: string, error: ValidationError): FieldError | null {
  const failed = Object.entries(error.constraints ?? {});
  if (failed.length === 0) return null;
  const [constraint, message] = failed.reduce((best, next) =>
    rankOf(next[0]) < rankOf(best[0]) ? next : best,
  );
  if (constraint === 'whitelistValidation') return { field, message: `${field} is not a known field` };
  // The pipe hands over the value (`validationError.value`), so a field left out can be told from a wrong one.
  const missing = 'value' in error && error.value === undefined;
  if (missing && rankOf(constraint) > 0) return { field, message: `${field} is required` };
  return { field, message };
}

function rankOf(constraint: string): number {
  return CONSTRAINT_RANK[constraint] ?? FORMAT_RANK;
}

function path(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
