import { FILLER_WORDS, GENERIC_MUNICIPAL_WORDS, saysNothing, withoutFiller } from './filler-words.js';

describe('filler words', () => {
  it('removes filler and generic municipal words, in any case and typed without umlauts', () => {
    expect(withoutFiller('Beim Meldeamt fehlen Termine, wir möchten das im Landkreis ändern')).toBe(
      '  Meldeamt   Termine, wir   das     ändern',
    );
    expect(withoutFiller('Moechte die Kommune MUSS')).toBe('  die    ');
  });

  it('keeps the words that say what a need is about, and compounds of generic words', () => {
    for (const word of ['Meldeamt', 'Stadtverwaltung', 'Landkreis-Verwaltung', 'Ersthelfer', 'Bürgerbüro']) {
      expect(saysNothing(word)).toBe(false);
    }
    expect(withoutFiller('Stadtverwaltung und Landkreis-Verwaltung')).toBe(
      'Stadtverwaltung und Landkreis-Verwaltung',
    );
  });

  it('holds folded words only (as fold_de leaves them), so lookups never miss on spelling', () => {
    for (const word of [...FILLER_WORDS, ...GENERIC_MUNICIPAL_WORDS]) {
      expect(word).toMatch(/^[a-z]+$/);
    }
    expect(FILLER_WORDS.has('moechte')).toBe(true);
    expect(GENERIC_MUNICIPAL_WORDS.has('staedte')).toBe(true);
  });
});
