import { createHash } from 'node:crypto';

/** The sort-key values of the last row of a page: where the next page starts. */
export type CursorKey = readonly (string | number)[];

export class InvalidCursorError extends Error {
  /** What is wrong, without naming the parameter: `is not a cursor issued by this API`. */
  constructor(readonly reason: string) {
    super(`cursor ${reason}`);
    this.name = 'InvalidCursorError';
  }
}

interface CursorPayload {
  v: 1;
  /** sort-key values of the last row */
  k: CursorKey;
  /** fingerprint of the filters the cursor was issued for */
  s: string;
  /** checksum over the rest, so an edited cursor is refused rather than silently honoured */
  c: string;
}

const MAX_CURSOR_LENGTH = 1024;

/**
 * Cursors are opaque to clients (base64url JSON). A cursor belongs to one list with one set of
 * filters; using it with other filters would silently skip or repeat rows, so that is refused.
 */
export function encodeCursor(key: CursorKey, scope: string): string {
  const payload: CursorPayload = { v: 1, k: key, s: scope, c: checksum(key, scope) };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string, scope: string, keyShape: KeyShape): CursorKey {
  if (raw.length === 0 || raw.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) {
    throw new InvalidCursorError('is not a cursor issued by this API');
  }
  let payload: unknown;
  try {
    const bytes = Buffer.from(raw, 'base64url');
    // Base64 decoding ignores stray trailing characters; only the exact issued text counts.
    if (bytes.toString('base64url') !== raw) throw new Error('not canonical');
    payload = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new InvalidCursorError('is not a cursor issued by this API');
  }
  if (!isPayload(payload) || payload.c !== checksum(payload.k, payload.s)) {
    throw new InvalidCursorError('is not a cursor issued by this API');
  }
  if (payload.s !== scope) {
    throw new InvalidCursorError('was issued for other filters; start again without a cursor');
  }
  if (!matchesShape(payload.k, keyShape)) {
    throw new InvalidCursorError('is not a cursor issued by this API');
  }
  return payload.k;
}

/**
 * Describes the sort key of one list, e.g. `[/^\d{8}$/]` for a list ordered by AGS.
 * Each element is a pattern for a string value or `'integer'`.
 */
export type KeyShape = readonly (RegExp | 'integer')[];

/** A stable fingerprint of a list's filters, independent of the order they were given in. */
export function cursorScope(list: string, filters: Record<string, unknown>): string {
  const entries = Object.entries(filters)
    .filter(([, value]) => value !== undefined && value !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([list, entries]))
    .digest('base64url')
    .slice(0, 16);
}

function checksum(key: CursorKey, scope: string): string {
  return createHash('sha256')
    .update(JSON.stringify([key, scope]))
    .digest('base64url')
    .slice(0, 12);
}

function isPayload(value: unknown): value is CursorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === 1 &&
    Array.isArray(p.k) &&
    p.k.every((part) => typeof part === 'string' || typeof part === 'number') &&
    typeof p.s === 'string' &&
    typeof p.c === 'string'
  );
}

function matchesShape(key: CursorKey, shape: KeyShape): boolean {
  return (
    key.length === shape.length &&
    key.every((part, i) => {
      const expected = shape[i];
      return expected === 'integer'
        ? typeof part === 'number' && Number.isSafeInteger(part)
        : typeof part === 'string' && expected.test(part);
    })
  );
}
