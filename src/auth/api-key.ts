import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `tsk_<prefix>_<secret>`: the prefix (12 hex characters) finds the client
 * by index, the secret (32 random bytes) proves it. Only a sha256 of the whole key is stored.
 */
const KEY_PATTERN = /^tsk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generateApiKey(): GeneratedKey {
  const prefix = randomBytes(6).toString('hex');
  const key = `tsk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('tsk_');
}

/** The prefix to look the client up by, or undefined when the value is not a well-formed key. */
export function apiKeyPrefix(key: string): string | undefined {
  return KEY_PATTERN.exec(key)?.[1];
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  const actual = Buffer.from(hashApiKey(key), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
