import { createHash } from 'node:crypto';
import type { KeyStatus } from './idempotency-key.entity.js';

/** What a retry meets: the claim of an earlier request with the same caller and key. */
export interface StoredKey {
  fingerprint: string;
  status: KeyStatus;
  createdAt: Date;
  expiresAt: Date;
}

/**
 * What to do with a request whose key is already stored (IETF draft "The Idempotency-Key HTTP
 * Header Field"): replay the stored answer, refuse another request under the same key (422),
 * wait for the request still working on it (then 409 if it takes too long), or take the key
 * over when it has expired or its request was abandoned before its write committed (the
 * instance died mid-request). A request whose write committed but whose answer never got stored
 * is `lost`: its work must not be done again, so the retry learns what was done instead.
 */
export type KeyDecision = 'replay' | 'mismatch' | 'wait' | 'take-over' | 'lost';

export function decide(stored: StoredKey, fingerprint: string, now: Date, leaseMs: number): KeyDecision {
  const stale = now.getTime() - stored.createdAt.getTime() > leaseMs;
  if (stored.expiresAt <= now) return 'take-over';
  if (stored.status === 'in_progress' && stale) return 'take-over';
  if (stored.fingerprint !== fingerprint) return 'mismatch';
  if (stored.status === 'completed') return 'replay';
  return stored.status === 'committed' && stale ? 'lost' : 'wait';
}

export type ParsedKey = { ok: true; key: string } | { ok: false; reason: string };

/**
 * The header's value: the draft writes it as a Structured Fields string (`"8e03…"`); a bare token
 * is accepted too. 1–255 printable ASCII characters.
 */
export function parseKey(header: string | string[] | undefined): ParsedKey {
  if (Array.isArray(header)) return { ok: false, reason: 'Idempotency-Key must be sent once' };
  const raw = (header ?? '').trim();
  const key = /^".*"$/.test(raw) ? raw.slice(1, -1) : raw;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    return {
      ok: false,
      reason: 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces',
    };
  }
  return { ok: true, key };
}

/** The request a key stands for: method, path with query, and the body with its keys sorted. */
export function fingerprintOf(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${canonical(body)}`)
    .digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
