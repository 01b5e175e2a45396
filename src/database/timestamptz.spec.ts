import fc from 'fast-check';
import pg from 'pg';
import { dataSourceOptions } from './data-source-options.js';
import { parseTimestamptz, POOL_TYPES } from './timestamptz.js';

const pgParser = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text');
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** A moment as PostgreSQL writes a timestamptz in a session `offsetMinutes` east of UTC. */
function asPostgresWrites(epochMillis: number, micros: number, offsetMinutes: number): string {
  const local = new Date(epochMillis + offsetMinutes * 60_000);
  const fraction = `${pad(local.getUTCMilliseconds(), 3)}${pad(micros, 3)}`.replace(/0+$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  const minutes = Math.abs(offsetMinutes) % 60;
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${fraction ? `.${fraction}` : ''}${sign}${pad(hours)}${minutes ? `:${pad(minutes)}` : ''}`
  );
}

describe('parseTimestamptz', () => {
  it('reads every moment of years 1000 to 9999 in any session offset as pg’s parser does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30) }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((m) => m - (m % 15)),
        (epochMillis, micros, offsetMinutes) => {
          const text = asPostgresWrites(epochMillis, micros, offsetMinutes);
          const parsed = parseTimestamptz(text);
          expect(parsed.getTime()).toBe(epochMillis);
          expect(parsed.getTime()).toBe(pgParser(text).getTime());
        },
      ),
      { numRuns: 5000 },
    );
  });

  it.each([
    '2026-12-07 23:33:08+00',
    '2026-12-07 23:33:08.8+01',
    '2026-12-07 23:33:08.123456-05:30',
    '2026-12-07 23:33:08.999999+00',
  ])('reads %s as pg’s parser does', (text) => {
    expect(parseTimestamptz(text).getTime()).toBe(pgParser(text).getTime());
  });

  it.each([
    'infinity',
    '-infinity',
    '0099-01-01 00:00:00+00',
    '12026-12-07 23:33:08+00',
    '2026-12-07 23:33:08+00 BC',
    '1890-01-01 00:00:00+00:53:28',
  ])('leaves %s to pg’s parser', (text) => {
    expect(parseTimestamptz(text)).toEqual(pgParser(text));
  });

  it('is what the app’s pool reads timestamptz with, and only that', () => {
    expect((dataSourceOptions('postgres://db/x').extra as { types: unknown }).types).toBe(POOL_TYPES);
    expect(POOL_TYPES.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text')).toBe(parseTimestamptz);
    expect(POOL_TYPES.getTypeParser(pg.types.builtins.INT4, 'text')).toBe(
      pg.types.getTypeParser(pg.types.builtins.INT4, 'text'),
    );
    expect(POOL_TYPES.getTypeParser(pg.types.builtins.TIMESTAMP, 'text')).toBe(
      pg.types.getTypeParser(pg.types.builtins.TIMESTAMP, 'text'),
    );
  });
});
