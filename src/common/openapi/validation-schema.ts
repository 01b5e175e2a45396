import { getMetadataStorage } from 'class-validator';

// Where `@ApiProperty` keeps a property's options (@nestjs/swagger's API_MODEL_PROPERTIES,
// which the package does not export).
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/** A class as the validation metadata knows it. */
type DtoClass = { prototype: object };

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

/**
 * The OpenAPI document says what the validators enforce, because it is read off them.
 *
 * Every DTO's class-validator rules (lengths, patterns, formats, ranges, item limits) are merged
 * into its `@ApiProperty` metadata before the document is built, so a request DTO and its
 * schema cannot drift apart. What a property's `@ApiProperty` already says wins; what the
 * validators add is only what the decorator left out.
 */

/** JSON Schema keywords a property gains from one validator. */
type Keywords = Record<string, unknown>;

type Rule = (constraints: unknown[], property: PropertyFacts) => Keywords;

interface PropertyFacts {
  isArray: boolean;
}

const CONDITIONAL = 'conditionalValidation';

/**
 * Validator name → schema keywords. A name not listed here has no schema form (e.g. `isDefined`,
 * or `isAgs`, whose DTO states its pattern); custom validators are listed by their `ValidateBy` name.
 */
const RULES: Record<string, Rule> = {
  isString: () => ({ type: 'string' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  isInstant: () => ({ type: 'string', format: 'date-time' }),
  isBoolean: () => ({ type: 'boolean' }),
  isInt: () => ({ type: 'integer' }),
  min: ([minimum]) => ({ minimum }),
  max: ([maximum]) => ({ maximum }),
  minLength: ([minLength]) => ({ minLength }),
  maxLength: ([maxLength]) => ({ maxLength }),
  isLength: ([minLength, maxLength]) => ({ minLength, ...(maxLength === undefined ? {} : { maxLength }) }),
  // Unicode property classes (\p{L}) need the `u` flag, which OpenAPI 3.0 patterns do not have and
  // many validators lack: such a rule is left to the property's description.
  matches: ([pattern]) =>
    pattern instanceof RegExp && /\\p\{/.test(pattern.source)
      ? {}
      : { pattern: pattern instanceof RegExp ? pattern.source : String(pattern) },
  // Not blank: at least one character that is not white space.
  isNotBlank: () => ({ minLength: 1, pattern: '\\S' }),
  isIn: ([values], { isArray }) => (isArray ? { items: { type: 'string', enum: values } } : { enum: values }),
  arrayMaxSize: ([maxItems]) => ({ maxItems }),
  arrayMinSize: ([minItems]) => ({ minItems }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  arrayUnique: () => ({ uniqueItems: true }),
};

/**
 * Merges each validated DTO property's rules into its swagger metadata. Idempotent: running it
 * again (every app the tests start) adds nothing new.
 */
export function describeValidatedProperties(): void {
  for (const [target, metadatas] of validatedClasses()) {
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const metadata of metadatas) {
      byProperty.set(metadata.propertyName, [...(byProperty.get(metadata.propertyName) ?? []), metadata]);
    }
    for (const [property, rules] of byProperty) describeProperty(target.prototype, property, rules);
  }
}

function describeProperty(prototype: object, property: string, rules: ValidationMetadata[]): void {
  const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) as
    Record<string, unknown> | undefined;
  // Undocumented properties stay visible as a failing contract test, not as invented schema here.
  if (!existing) return;
  const facts: PropertyFacts = { isArray: existing.isArray === true || existing.type === 'array' };
  const derived: Keywords = {};
  for (const rule of rules) {
    if (rule.type === CONDITIONAL) {
      // `@IsOptional()` lets null through (our `@Optional()` does not): the schema says so.
      if (rule.name === 'isOptional' && !facts.isArray) derived.nullable = true;
      continue;
    }
    const name = rule.name ?? rule.type;
    const keywords = RULES[name]?.(rule.constraints ?? [], facts) ?? {};
    // Element rules (`each: true`) on an array: Nest moves format, pattern and lengths into `items`.
    Object.assign(derived, keywords);
  }
  const merged: Record<string, unknown> = { ...existing };
  for (const [key, value] of Object.entries(derived)) {
    if (key === 'type') {
      // Nest reads `string | null` as Object: a validator knows better. Arrays keep their type.
      if (facts.isArray) continue;
      if (merged.type === undefined || merged.type === Object) merged.type = value;
      else if (merged.type === Number && value === 'integer') merged.type = 'integer';
      continue;
    }
    if (key === 'items' && merged.items !== undefined) continue;
    if (key === 'enum' && merged.enum !== undefined) continue;
    if (merged[key] === undefined) merged[key] = value;
  }
  Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, prototype, property);
}

function validatedClasses(): Map<DtoClass, ValidationMetadata[]> {
  // class-validator has no public way to list the classes it validates: its storage's map is read
  // directly (validation-schema.spec.ts fails if a release renames it).
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, ValidationMetadata[]>;
  };
  const classes = new Map<DtoClass, ValidationMetadata[]>();
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (typeof target === 'function') classes.set(target as DtoClass, metadatas);
  }
  return classes;
}
