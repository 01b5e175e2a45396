import { decide, fingerprintOf, parseKey, type StoredKey } from './idempotency-rules.js';

const now = new Date('2026-11-25T12:00:00.000Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const stored = (overrides: Partial<StoredKey> = {}): StoredKey => ({
  fingerprint: 'f1',
  status: 'completed',
  createdAt: minutes(-1),
  expiresAt: minutes(60),
  ...overrides,
});
const LEASE = 60_000;

describe('decide', () => {
  it('replays a completed key for the same request', () => {
    expect(decide(stored(), 'f1', now, LEASE)).toBe('replay');
  });

  it('refuses the same key for another request, completed or not', () => {
    expect(decide(stored(), 'f2', now, LEASE)).toBe('mismatch');
    expect(decide(stored({ status: 'in_progress' }), 'f2', now, LEASE)).toBe('mismatch');
  });

  it('waits for a request still working on the key, within its lease', () => {
    expect(decide(stored({ status: 'in_progress', createdAt: minutes(-0.5) }), 'f1', now, LEASE)).toBe(
      'wait',
    );
  });

  it('calls a committed request whose answer never came lost after the lease, and waits for it before', () => {
    expect(decide(stored({ status: 'committed', createdAt: minutes(-2) }), 'f1', now, LEASE)).toBe('lost');
    expect(decide(stored({ status: 'committed', createdAt: minutes(-0.5) }), 'f1', now, LEASE)).toBe('wait');
  });

  it('takes over an expired key or an abandoned claim, whatever the request', () => {
    expect(decide(stored({ expiresAt: now }), 'f2', now, LEASE)).toBe('take-over');
    expect(decide(stored({ status: 'in_progress', createdAt: minutes(-2) }), 'f2', now, LEASE)).toBe(
      'take-over',
    );
  });
});

describe('parseKey', () => {
  it('takes a Structured Fields string or a bare token', () => {
    expect(parseKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toEqual({
      ok: true,
      key: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    });
    expect(parseKey('abc')).toEqual({ ok: true, key: 'abc' });
  });

  it.each([[''], ['""'], ['a b'], ['x'.repeat(256)], ['ümlaut'], [['a', 'b']]])('refuses %j', (header) => {
    expect(parseKey(header)).toMatchObject({ ok: false });
  });
});

describe('fingerprintOf', () => {
  it('ignores the order of fields but not their values, the path or the method', () => {
    const a = fingerprintOf('POST', '/api/v1/needs', { title: 'x', topics: ['a', 'b'] });
    expect(fingerprintOf('POST', '/api/v1/needs', { topics: ['a', 'b'], title: 'x' })).toBe(a);
    expect(fingerprintOf('POST', '/api/v1/needs', { title: 'y', topics: ['a', 'b'] })).not.toBe(a);
    expect(fingerprintOf('POST', '/api/v1/needs', { title: 'x', topics: ['b', 'a'] })).not.toBe(a);
    expect(fingerprintOf('POST', '/api/v1/needs?x=1', { title: 'x', topics: ['a', 'b'] })).not.toBe(a);
    expect(fingerprintOf('PUT', '/api/v1/needs', { title: 'x', topics: ['a', 'b'] })).not.toBe(a);
  });
});
