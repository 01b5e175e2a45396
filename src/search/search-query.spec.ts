import { isShortQuery, wordsOf } from './search-query.js';

describe('search query words', () => {
  it('splits on anything but letters and digits, keeping umlauts and ß', () => {
    expect(wordsOf('Bürgerbüro: Termine (online) & Straße 2026')).toEqual([
      'Bürgerbüro',
      'Termine',
      'online',
      'Straße',
      '2026',
    ]);
  });

  it('finds no words in punctuation', () => {
    expect(wordsOf("!!! ... '; --")).toEqual([]);
  });

  it('treats up to three words as a short query', () => {
    expect(isShortQuery('Mehrweg')).toBe(true);
    expect(isShortQuery('Mehrweg in der Gastronomie')).toBe(false);
  });
});
