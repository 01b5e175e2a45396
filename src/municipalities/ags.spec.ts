import { agsKindMismatch, agsOfDistrict, parseAgs, type Ags } from './ags.js';

function valid(input: string): Ags {
  const result = parseAgs(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.ags;
}

describe('parseAgs', () => {
  it('derives the state from the first two digits', () => {
    expect(valid('14612000')).toEqual({
      value: '14612000',
      stateCode: 'DE-SN',
      districtKey: '14612',
      districtLevel: true,
    });
    expect(valid('08416041')).toMatchObject({
      stateCode: 'DE-BW',
      districtKey: '08416',
      districtLevel: false,
    });
  });

  it.each([
    ['01', 'DE-SH'],
    ['02', 'DE-HH'],
    ['03', 'DE-NI'],
    ['04', 'DE-HB'],
    ['05', 'DE-NW'],
    ['06', 'DE-HE'],
    ['07', 'DE-RP'],
    ['08', 'DE-BW'],
    ['09', 'DE-BY'],
    ['10', 'DE-SL'],
    ['11', 'DE-BE'],
    ['12', 'DE-BB'],
    ['13', 'DE-MV'],
    ['14', 'DE-SN'],
    ['15', 'DE-ST'],
    ['16', 'DE-TH'],
  ])('maps prefix %s to %s', (prefix, stateCode) => {
    expect(valid(`${prefix}000000`).stateCode).toBe(stateCode);
  });

  it.each(['00123000', '17000000', '99999999'])('rejects the unknown state prefix of %s', (input) => {
    expect(parseAgs(input)).toEqual({ ok: false, reason: expect.stringContaining('01 to 16') });
  });

  it.each(['', '1461200', '146120000', '14612a00', ' 14612000', '14612000 ', '1461-200', '１４６１２０００'])(
    'rejects %j as not 8 digits',
    (input) => {
      expect(parseAgs(input)).toEqual({ ok: false, reason: expect.stringContaining('8 digits') });
    },
  );
});

describe('agsOfDistrict', () => {
  it('appends 000 to a Kreisschlüssel', () => {
    expect(agsOfDistrict('05754')).toBe('05754000');
  });

  it('refuses anything but five digits', () => {
    expect(() => agsOfDistrict('5754')).toThrow();
  });
});

describe('agsKindMismatch', () => {
  it('accepts district-level keys for Kreise and kreisfreie Städte', () => {
    expect(agsKindMismatch(valid('14625000'), 'landkreis')).toBeUndefined();
    expect(agsKindMismatch(valid('14612000'), 'kreisfreie_stadt')).toBeUndefined();
  });

  it('refuses a Landkreis whose key names a Gemeinde', () => {
    expect(agsKindMismatch(valid('08416041'), 'landkreis')).toMatch(/end in 000/);
  });

  it('accepts Gemeinde keys for Gemeinden and Städte and refuses district keys for them', () => {
    expect(agsKindMismatch(valid('08416041'), 'stadt')).toBeUndefined();
    expect(agsKindMismatch(valid('14625000'), 'gemeinde')).toMatch(/not a gemeinde/);
  });

  it('does not judge Verbände', () => {
    expect(agsKindMismatch(valid('10041000'), 'verband')).toBeUndefined();
    expect(agsKindMismatch(valid('07131501'), 'verband')).toBeUndefined();
  });
});
