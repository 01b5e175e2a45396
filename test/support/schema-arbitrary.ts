import fc from 'fast-check';

/** The subset of OpenAPI 3.0 schema keywords the document uses. */
export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

// Values the document allows but the data behind them does not: dates from 2000 until now (a need's
// capture or a transfer's implementation lies in the past), integers within JavaScript's safe range.
const EARLIEST = new Date('2000-01-01T00:00:00.000Z');

/**
 * Values that satisfy a schema of the document, as a schema-driven fuzzer would send them: every
 * one must pass the server's validation. Strings are printable (NUL and other control characters
 * are a hardening matter of their own).
 */
export function valuesOf(schema: Schema, schemas: Record<string, Schema>): fc.Arbitrary<unknown> {
  if (schema.$ref) return valuesOf(resolve(schema.$ref, schemas), schemas);
  if (schema.allOf?.length === 1) {
    const inner = valuesOf(schema.allOf[0], schemas);
    return schema.nullable ? fc.option(inner, { nil: null }) : inner;
  }
  const values = nonNull(schema, schemas);
  return schema.nullable ? fc.option(values, { nil: null }) : values;
}

function nonNull(schema: Schema, schemas: Record<string, Schema>): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return strings(schema);
    case 'integer':
      return fc.integer({
        min: schema.minimum ?? Number.MIN_SAFE_INTEGER,
        max: schema.maximum ?? Number.MAX_SAFE_INTEGER,
      });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = valuesOf(schema.items ?? {}, schemas);
      const size = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) };
      return schema.uniqueItems
        ? fc.uniqueArray(items, { ...size, selector: (v) => JSON.stringify(v) })
        : fc.array(items, size);
    }
    case 'object':
    default: {
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          valuesOf(property, schemas),
        ]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
  }
}

function strings(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const fits = (value: string) => value.length >= min && value.length <= max;
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
      return fc.webUrl().filter(fits);
    case 'date-time':
      return fc.date({ min: EARLIEST, max: new Date(), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: EARLIEST, max: new Date(), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern), { maxLength: max }).filter(fits);
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, 300), unit: 'grapheme' }).filter(fits);
}

function resolve(ref: string, schemas: Record<string, Schema>): Schema {
  const schema = schemas[ref.replace('#/components/schemas/', '')];
  if (!schema) throw new Error(`unknown schema ${ref}`);
  return schema;
}
