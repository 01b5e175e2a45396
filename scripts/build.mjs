// `npm run build`: a clean dist/ from tsc, plus the data files tsc does not copy (the seed's, and
// the synonym table a migration loads, with the licence and attribution of its source).
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
cpSync('src/database/seed/data', 'dist/src/database/seed/data', { recursive: true });
cpSync('data/synonyms', 'dist/data/synonyms', { recursive: true });
for (const file of ['README.md', 'LICENSE-LGPL-2.1'])
  cpSync(`data/openthesaurus/${file}`, `dist/data/openthesaurus/${file}`);
