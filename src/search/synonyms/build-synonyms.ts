/**
 * `npm run synonyms`: writes `data/synonyms/synonyms.txt` from OpenThesaurus' text export
 * (`data/openthesaurus/`, LGPL-2.1, © Daniel Naber and the openthesaurus.de contributors) and our
 * municipal supplement (`data/synonyms/kommunal.txt`). The same sources always give the same
 * file; `thesaurus.spec.ts` checks that the file in the repository is that output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { synonymFile, synonymGroups } from './thesaurus.js';

export const SOURCES = {
  openThesaurus: 'data/openthesaurus/openthesaurus-2016-04-24.txt.gz',
  kommunal: 'data/synonyms/kommunal.txt',
} as const;
export const OUTPUT = 'data/synonyms/synonyms.txt';

/** The synonym file's text, from the sources under `root`. */
export function buildSynonyms(root: string): string {
  const thesaurus = gunzipSync(readFileSync(`${root}/${SOURCES.openThesaurus}`)).toString('utf8');
  const kommunal = readFileSync(`${root}/${SOURCES.kommunal}`, 'utf8');
  return synonymFile(synonymGroups(thesaurus, kommunal));
}

if (process.argv[1]?.endsWith('build-synonyms.js')) {
  const text = buildSynonyms(process.cwd());
  writeFileSync(`${process.cwd()}/${OUTPUT}`, text);
  process.stdout.write(`${OUTPUT}: ${text.split('\n').length - 1} groups\n`);
}
