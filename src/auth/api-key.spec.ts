import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key.js';

describe('API keys', () => {
  it('generates distinct, well-formed keys whose prefix can be read back', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).not.toBe(b.key);
    expect(a.key).toMatch(/^tsk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
    expect(looksLikeApiKey(a.key)).toBe(true);
  });

  it('stores only a hash that matches the key and nothing else', () => {
    const { key, hash } = generateApiKey();
    expect(hash).not.toContain(key.slice(17));
    expect(apiKeyMatches(key, hash)).toBe(true);
    expect(apiKeyMatches(`${key.slice(0, -1)}x`, hash)).toBe(false);
    expect(apiKeyMatches(key, hashApiKey('tsk_other'))).toBe(false);
  });

  it.each(['', 'tsk_', 'tsk_abc_def', 'Bearer x', `tsk_${'0'.repeat(12)}_short`])(
    'refuses malformed key %j',
    (key) => {
      expect(apiKeyPrefix(key)).toBeUndefined();
    },
  );
});
