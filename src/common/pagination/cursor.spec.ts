import { cursorScope, decodeCursor, encodeCursor, InvalidCursorError, type KeyShape } from './cursor.js';

const shape: KeyShape = [/^\d{8}$/];
const scope = cursorScope('municipalities', { stateCode: 'DE-SN' });

function tamper(cursor: string, edit: (payload: Record<string, unknown>) => void): string {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  edit(payload);
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

describe('cursor encoding', () => {
  it('round-trips the sort key', () => {
    const cursor = encodeCursor(['14612000'], scope);
    expect(decodeCursor(cursor, scope, shape)).toEqual(['14612000']);
  });

  it('round-trips composite keys with integers', () => {
    const composite: KeyShape = [/^[a-z]+$/, 'integer'];
    const cursor = encodeCursor(['abc', 42], scope);
    expect(decodeCursor(cursor, scope, composite)).toEqual(['abc', 42]);
  });

  it('is URL-safe and opaque', () => {
    expect(encodeCursor(['14612000'], scope)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each(['', 'not a cursor', '!!!', 'e30', 'x'.repeat(2000), Buffer.from('[1,2]').toString('base64url')])(
    'refuses garbage %j',
    (raw) => {
      expect(() => decodeCursor(raw, scope, shape)).toThrow(InvalidCursorError);
    },
  );

  it('refuses extra characters that base64 decoding would silently drop', () => {
    expect(() => decodeCursor(`${encodeCursor(['14612000'], scope)}x`, scope, shape)).toThrow(
      InvalidCursorError,
    );
  });

  it('refuses an edited key', () => {
    const cursor = tamper(encodeCursor(['14612000'], scope), (p) => {
      p.k = ['14000000'];
    });
    expect(() => decodeCursor(cursor, scope, shape)).toThrow(InvalidCursorError);
  });

  it('refuses a key of the wrong shape even with a matching checksum', () => {
    const cursor = encodeCursor(["1' OR 1=1 --"], scope);
    expect(() => decodeCursor(cursor, scope, shape)).toThrow(InvalidCursorError);
  });

  it('refuses a cursor issued for other filters', () => {
    const other = cursorScope('municipalities', { stateCode: 'DE-BW' });
    expect(() => decodeCursor(encodeCursor(['14612000'], other), scope, shape)).toThrow(/other filters/);
  });
});

describe('cursorScope', () => {
  it('ignores filter order and unset filters', () => {
    expect(cursorScope('m', { a: 1, b: 'x', c: undefined })).toBe(cursorScope('m', { b: 'x', a: 1 }));
  });

  it('differs between lists and filter values', () => {
    expect(cursorScope('m', { a: 1 })).not.toBe(cursorScope('r', { a: 1 }));
    expect(cursorScope('m', { a: 1 })).not.toBe(cursorScope('m', { a: 2 }));
  });
});
