import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SYNONYMS_SHA256 } from '../../../migrations/1764220000000-search-synonyms.js';
import { buildSynonyms, OUTPUT } from './build-synonyms.js';
import { entryWord, synonymFile, synonymGroups } from './thesaurus.js';

describe('thesaurus entries', () => {
  it('keep single words, colloquial and regional ones too, without their labels', () => {
    expect(entryWord('Azubi (ugs., Kurzform)')).toBe('Azubi');
    expect(entryWord('Meldeamt (österr.)')).toBe('Meldeamt');
    expect(entryWord(' Lehrling ')).toBe('Lehrling');
    expect(entryWord('Herz-Kreislauf-Stillstand')).toBe('Herz-Kreislauf-Stillstand');
  });

  it('leave out phrases, fragments and dated, derogatory or figurative words', () => {
    for (const entry of [
      '(von etwas) fortfahren',
      'Verbotenes tun',
      'Deputat...',
      'Stift (ugs., veraltend)',
      'Abundzubi (ugs., abwertend, selten)',
      'in den Himmel heben (fig.)',
      'ab',
    ]) {
      expect(entryWord(entry)).toBeNull();
    }
  });

  it('make sorted, unique groups of two or more words from every source', () => {
    const groups = synonymGroups(
      '# a comment\nLehrling;Azubi (ugs.);Stift (ugs., veraltend)\nWort\n',
      'Azubi;Lehrling\nWärmeplanung;Heizungsplanung;Wärmeplanung\n',
    );
    expect(groups).toEqual([
      ['Azubi', 'Lehrling'],
      ['Heizungsplanung', 'Wärmeplanung'],
    ]);
    expect(synonymFile(groups)).toBe('Azubi;Lehrling\nHeizungsplanung;Wärmeplanung\n');
  });
});

describe('the synonym table in the repository', () => {
  const root = new URL('../../../', import.meta.url).pathname;
  const committed = readFileSync(`${root}/${OUTPUT}`, 'utf8');

  it('is exactly what `npm run synonyms` makes of its sources', () => {
    expect(buildSynonyms(root) === committed).toBe(true);
  });

  it('is the table the migration loads: a regenerated table needs a new migration, not an edited one', () => {
    expect(createHash('sha256').update(committed).digest('hex')).toBe(SYNONYMS_SHA256);
  });

  it.each([
    ['Azubi', 'Lehrling'],
    ['Meldeamt', 'Einwohnermeldeamt'],
    ['Dolmetscher', 'Sprachmittler'],
    ['Azubis', 'Ausbildung'],
    ['Meldeamt', 'Bürgerbüro'],
    ['Heizungsplanung', 'Wärmeplanung'],
    ['Starkregenvorsorge', 'Schwammstadt'],
  ])('has %s ≈ %s', (a, b) => {
    const groups = committed.split('\n').map((line) => line.split(';'));
    expect(groups.some((words) => words.includes(a) && words.includes(b))).toBe(true);
  });
});
