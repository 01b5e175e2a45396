import fc from 'fast-check';
import { isoInstant, isoInstantOrNull } from './instant.js';

describe('isoInstant', () => {
  it('writes every instant as toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => {
        const date = new Date(t);
        expect(isoInstant(date)).toBe(date.toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('writes every instant of 1970–9999, the ones it computes, as toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (t) => {
        expect(isoInstant(new Date(t))).toBe(new Date(t).toISOString());
      }),
      { numRuns: 50_000 },
    );
  });

  it.each([0, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, 1_796_686_388_839])(
    'writes %d as toISOString does',
    (t) => expect(isoInstant(new Date(t))).toBe(new Date(t).toISOString()),
  );

  it('keeps null', () => {
    expect(isoInstantOrNull(null)).toBeNull();
    expect(isoInstantOrNull(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
