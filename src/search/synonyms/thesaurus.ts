/**
 * Turns thesaurus text (OpenThesaurus' text export, and our municipal supplement in the same
 * format: one group of synonyms per line, `;` between the words, `#` starts a comment) into the
 * synonym groups the search loads. Pure, so the table is reproducible from its sources.
 *
 * Only single words are kept: a phrase ("(etwas) anpacken") can't be matched word by word. Words
 * marked as dated, derogatory or figurative are left out, because a pilot would not write them
 * and a solution would not use them; colloquial ("Azubi (ugs.)"), technical and regional words
 * stay: needs are written the way people talk.
 */
const LEFT_OUT = new Set([
  'veraltet',
  'veraltend',
  'derb',
  'vulgär',
  'abwertend',
  'scherzhaft',
  'ironisch',
  'fig.',
  'selten',
  'Kindersprache',
  'euphemistisch',
  'Jargon',
]);

/** A word: letters (with umlauts and ß), optionally hyphenated parts, at least three letters. */
const WORD = /^[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*$/;
const LABELS = /\s*\(([^()]*)\)\s*$/;

/** The word a thesaurus entry stands for, or null when it is a phrase or left out. */
export function entryWord(entry: string): string | null {
  let word = entry.trim();
  const labels = LABELS.exec(word);
  if (labels) {
    if (labels[1].split(',').some((label) => LEFT_OUT.has(label.trim()))) return null;
    word = word.slice(0, labels.index).trim();
  }
  if (!WORD.test(word) || word.replace(/-/g, '').length < 3) return null;
  return word;
}

/** Groups of two or more distinct words, each group sorted, the groups sorted and unique. */
export function synonymGroups(...sources: string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const source of sources) {
    for (const line of source.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const words = [
        ...new Set(
          line
            .split(';')
            .map(entryWord)
            .filter((w): w is string => w !== null),
        ),
      ];
      if (words.length < 2) continue;
      words.sort(compare);
      groups.set(words.join(';'), words);
    }
  }
  return [...groups.keys()].sort(compare).map((key) => groups.get(key)!);
}

/** The table as written to its file: one group per line. */
export function synonymFile(groups: string[][]): string {
  return groups.map((words) => words.join(';')).join('\n') + '\n';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
