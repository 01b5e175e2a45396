/** A UUID as Postgres prints it (lower case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A timestamp as `Date.toISOString()` prints it; the form timestamps take in cursors. */
export const ISO_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Slugs and topics: lower-case letters and digits separated by single hyphens (`bewaehrt-vor-ort-2024`). */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Long enough for any real description, short enough that nobody pastes a book. */
export const MAX_TEXT = 20_000;

/** The body of a CHECK constraint that limits a column to a list of values, from the list the code uses. */
export function oneOf(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map((value) => `'${value}'`).join(', ')})`;
}
