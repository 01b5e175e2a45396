import type { ValidationError } from 'class-validator';
import { flattenValidationErrors } from './validation-errors.js';

/** An error as the pipe hands it over: with the value the field had (`undefined` when left out). */
function error(
  property: string,
  value: unknown,
  constraints?: Record<string, string>,
  children: ValidationError[] = [],
) {
  return { property, value, constraints, children } as ValidationError;
}

describe('flattenValidationErrors', () => {
  it('answers a missing required field with one "is required", not every constraint it fails', () => {
    expect(
      flattenValidationErrors([
        error('rationale', undefined, {
          isString: 'rationale must be a string',
          isNotBlank: 'rationale must not be empty',
          maxLength: 'rationale must be shorter than or equal to 5000 characters',
        }),
      ]),
    ).toEqual([{ field: 'rationale', message: 'rationale is required' }]);
  });

  it('gives a field sent as null its type error, not "is required" (null is a value)', () => {
    expect(
      flattenValidationErrors([
        error('title', null, { isString: 'title must be a string', isNotBlank: 'title must not be empty' }),
      ]),
    ).toEqual([{ field: 'title', message: 'title must be a string' }]);
  });

  it('names the type before the format', () => {
    expect(
      flattenValidationErrors([
        error('ags', 14, { matches: 'ags must be 8 digits', isString: 'ags must be a string' }),
      ]),
    ).toEqual([{ field: 'ags', message: 'ags must be a string' }]);
  });

  it('names emptiness before the format, the format before the length', () => {
    expect(
      flattenValidationErrors([
        error('slug', '', { matches: 'slug must be a slug', isNotBlank: 'slug must not be empty' }),
        error('code', 'X'.repeat(70), {
          maxLength: 'code must be shorter than or equal to 64 characters',
          matches: 'code must be lower-case letters and digits',
        }),
      ]),
    ).toEqual([
      { field: 'slug', message: 'slug must not be empty' },
      { field: 'code', message: 'code must be lower-case letters and digits' },
    ]);
  });

  it('keeps the first of equally fundamental constraints', () => {
    expect(
      flattenValidationErrors([
        error('to', 'fertig', { isIn: 'to must be a case status', matches: 'to must be lower case' }),
      ]),
    ).toEqual([{ field: 'to', message: 'to must be a case status' }]);
  });

  it('counts constraints it does not know (custom validators) as format', () => {
    expect(
      flattenValidationErrors([
        error('ags', '1', {
          isAgs: 'ags must be 8 digits',
          maxLength: 'ags must be shorter than or equal to 8 characters',
        }),
      ]),
    ).toEqual([{ field: 'ags', message: 'ags must be 8 digits' }]);
  });

  it('gives an array checked with `each: true` one entry: the container, else its elements’ type', () => {
    const each = {
      isString: 'each value in topics must be a string',
      matches: 'each value in topics must be a slug',
      maxLength: 'each value in topics must be shorter than or equal to 60 characters',
    };
    expect(
      flattenValidationErrors([
        error('topics', 'klima', { isArray: 'topics must be an array', ...each }),
        error('tags', ['ok', 5], each),
      ]),
    ).toEqual([
      { field: 'topics', message: 'topics must be an array' },
      { field: 'tags', message: 'each value in topics must be a string' },
    ]);
  });

  it('names unknown fields plainly', () => {
    expect(
      flattenValidationErrors([
        error('colour', 'red', { whitelistValidation: 'property colour should not exist' }),
      ]),
    ).toEqual([{ field: 'colour', message: 'colour is not a known field' }]);
  });

  it('passes the message of a renamed field through', () => {
    expect(
      flattenValidationErrors([
        error('text', 'x', { renamed: 'text was renamed: send the comment as note' }),
        error('note', undefined, { isString: 'note must be a string', isNotBlank: 'note must not be empty' }),
      ]),
    ).toEqual([
      { field: 'text', message: 'text was renamed: send the comment as note' },
      { field: 'note', message: 'note is required' },
    ]);
  });

  it('without the values (a pipe that withholds them) still gives one entry per field', () => {
    const withoutValue = {
      property: 'rationale',
      constraints: { isString: 'rationale must be a string', maxLength: 'rationale is too long' },
      children: [],
    } as unknown as ValidationError;
    expect(flattenValidationErrors([withoutValue])).toEqual([
      { field: 'rationale', message: 'rationale must be a string' },
    ]);
  });

  it('builds paths for nested objects and arrays, one entry per nested field', () => {
    const tree = [
      error('items', [], undefined, [
        error('3', {}, undefined, [
          error('name', 7, { isString: 'bad name', maxLength: 'long name' }),
          error('url', undefined, { isUrl: 'url must be a URL' }),
        ]),
      ]),
    ];
    expect(flattenValidationErrors(tree)).toEqual([
      { field: 'items[3].name', message: 'bad name' },
      { field: 'items[3].url', message: 'items[3].url is required' },
    ]);
  });
});
