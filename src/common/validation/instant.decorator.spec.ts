import { isStorableInstant } from './instant.decorator.js';

describe('isStorableInstant', () => {
  it.each([
    '2026-01-01',
    '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00.123456+01:00',
    '2026-01-01T00:00:00+15:59',
    '2026-01-01T00:00:00-15:59',
    '2026-01-01T00:00+0200',
    '1900-02-28',
  ])('accepts %s', (value) => expect(isStorableInstant(value)).toBe(true));

  it.each([
    '2026-01-01T00:00:00+16:00',
    '2026-01-01T00:00:00-16:00',
    '2026-01-01T00:00:00+99:00',
    '0000-01-01',
    '2026-02-30',
    '2026-W01-1',
    '2026-001',
    '2026-01-01T25:00:00Z',
    '20260101',
    '',
    'heute',
  ])('refuses %s', (value) => expect(isStorableInstant(value)).toBe(false));

  it('refuses what is not a string', () => {
    expect(isStorableInstant(20260101)).toBe(false);
    expect(isStorableInstant(null)).toBe(false);
  });
});
