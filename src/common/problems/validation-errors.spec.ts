import type { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation-errors.js';

function error(property: string, constraints?: Record<string, string>, children: ValidationError[] = []) {
  return { property, constraints, children } as ValidationError;
}

describe('flattenValidationErrors', () => {
  it('gives one entry per failed constraint, named by field', () => {
    expect(
      flattenValidationErrors([
        error('ags', { matches: 'ags must be 8 digits', isString: 'ags must be a string' }),
      ]),
    ).toEqual([
      { field: 'ags', message: 'ags must be 8 digits' },
      { field: 'ags', message: 'ags must be a string' },
    ]);
  });

  it('names unknown fields plainly', () => {
    expect(
      flattenValidationErrors([error('colour', { whitelistValidation: 'property colour should not exist' })]),
    ).toEqual([{ field: 'colour', message: 'colour is not a known field' }]);
  });

  it('builds paths for nested objects and arrays', () => {
    const tree = [
      error('items', undefined, [error('3', undefined, [error('name', { isString: 'bad name' })])]),
    ];
    expect(flattenValidationErrors(tree)).toEqual([{ field: 'items[3].name', message: 'bad name' }]);
  });
});
