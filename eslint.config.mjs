import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// ---------------------------------------------------------------------------------------------
// Module map: the one place that says which module may import which.
//
// Every folder directly under src/ is a module. Each entry lists the modules it may import besides
// itself (space separated). Arrows point down only: a module never imports one that depends on it.
// `*` means every module, but only through its public surface (see below).
// ---------------------------------------------------------------------------------------------
const MODULES = {
  config: '',
  common: 'config',
  // Below auth, so auth and the rate limits can count what they refuse.
  metrics: 'common config',
  auth: 'common config metrics',
  platform: 'common auth',
  states: 'common auth',
  search: 'common',
  regions: 'common auth states',
  municipalities: 'common auth states regions platform',
  users: 'common config auth regions',
  'api-clients': 'common auth states regions',
  solutions: 'common auth platform search states municipalities',
  needs: 'common config auth platform search states municipalities solutions',
  'transfer-cases': 'common auth platform states municipalities solutions needs users',
  cohorts: 'common auth platform solutions transfer-cases users',
  practice: 'common config auth platform municipalities solutions needs transfer-cases cohorts',
  health: 'common auth',
  idempotency: 'common config auth',
  integrations: 'common auth platform states municipalities needs transfer-cases',
  webhooks: 'common config auth platform',
  // Read-only over every table (SQL only); imports only what its filters and rows are made of.
  reports: 'common config auth states solutions transfer-cases',
  // Infrastructure: assembles TypeORM and loads the demo seed (and imports ../../migrations, which
  // lies outside src/ and is not restricted).
  database: 'common config *',
};

// A module's public surface is its index.ts barrel: other modules import `<module>/index.js` only.
// Toolboxes have no barrel; whoever may import them does so by deep path (../common/pagination/page.js).
const TOOLBOXES = ['common', 'config'];

// Declared exceptions: what else an importer may reach into besides index.js (regex over the path
// after `<module>/`).
const EXTRA_SURFACE = {
  database: { files: String.raw`.*\.entity\.js`, label: '*.entity.js files' }, // TypeORM lists every entity
};

// Files directly in src/ (main.ts, app.module.ts, app.factory.ts) wire the app together: every
// module's index.js, and anything in common, config and database.
const ROOT_IMPORTS = '*';
const ROOT_DEEP_IMPORTS = ['common', 'config', 'database'];

// Files are nested at most this many folders below their module folder (src/database/seed/x.ts is 1).
const MAX_NESTING = 3;

// ---------------------------------------------------------------------------------------------
// Generator: turns the table into `no-restricted-imports` blocks. Imports are relative, so the same
// target looks different at each depth: src/needs/x.ts reaches regions as ../regions/..., while
// src/needs/dto/x.ts reaches it as ../../regions/... (and ../x.js there is still inside needs).
// Each regex is therefore anchored on exactly the number of ../ that leads back to src/, so
// same-module imports never match. Flat config replaces (does not merge) rule options of earlier
// blocks, so every file gets exactly one complete pattern list: one block per (module, depth), and a
// variant for *.controller.ts that also forbids importing controllers.
// ---------------------------------------------------------------------------------------------
const names = Object.keys(MODULES);
const depsOf = (spec) => (spec.trim() === '' ? [] : spec.trim().split(/\s+/));
const expand = (deps) => (deps.includes('*') ? names : deps);
const DEPS = Object.fromEntries(names.map((m) => [m, expand(depsOf(MODULES[m])).filter((d) => d !== m)]));

// Fail loudly on a typo or a cycle in the table rather than silently allowing imports.
for (const [m, deps] of Object.entries(DEPS)) {
  for (const d of deps) if (!names.includes(d)) throw new Error(`eslint.config.mjs: ${m} lists unknown ${d}`);
}
const reaches = (from, to, seen = new Set()) =>
  DEPS[from].some((d) => d === to || (!seen.has(d) && seen.add(d) && reaches(d, to, seen)));
for (const m of names) {
  if (reaches(m, m)) throw new Error(`eslint.config.mjs: module table has a cycle through ${m}`);
}

const HOW_TO_ASK = 'ask through an exported provider, see docs/architecture.md';
const UNLISTED = 'this folder is not in the module table in eslint.config.mjs: add it there first';

const alt = (list) => `(?:${list.join('|')})`;
const pattern = (regex, message) => ({ regex, message, caseSensitive: true });
const CONTROLLER_PATTERN = pattern(
  String.raw`\.controller(\.js)?$`,
  'a controller may not import a controller: move the shared code into a service or helper',
);

/**
 * Patterns for the files of `importer` (a module name, '' for the files in src/ itself, null for a
 * folder missing from the table) whose relative imports reach src/ through `up` ('./', '../', ...).
 */
function patternsFor(importer, up) {
  const at = `^${up.replace(/\./g, String.raw`\.`)}`;
  if (importer === null) {
    // A folder under src/ that is not in the table: nothing is allowed until it is added.
    return [pattern(`${at}[^./]`, UNLISTED)];
  }
  const isRoot = importer === '';
  const allowed = isRoot ? expand(depsOf(ROOT_IMPORTS)) : DEPS[importer];
  const patterns = [];

  for (const target of names) {
    if (target === importer) continue;
    if (!allowed.includes(target)) {
      const why = reaches(target, importer)
        ? 'a higher module'
        : 'not among its dependencies in the module table';
      patterns.push(
        pattern(`${at}${target}(?:/|$)`, `${importer} may not import ${target} (${why}): ${HOW_TO_ASK}`),
      );
    }
  }

  // Allowed modules: only their surface, grouped by surface so each group is one regex.
  const deep = isRoot ? ROOT_DEEP_IMPORTS : TOOLBOXES;
  const guarded = allowed.filter((t) => !deep.includes(t));
  if (guarded.length > 0) {
    const extra = EXTRA_SURFACE[importer];
    const surface = extra ? alt([String.raw`index\.js`, extra.files]) : String.raw`index\.js`;
    const message = `import another module only through its index.js${extra ? ` or its ${extra.label}` : ''}`;
    patterns.push(pattern(`${at}${alt(guarded)}(?:$|/(?!${surface}$))`, message));
  }

  // Folders not in the table, and (for modules) the app root files in src/ itself.
  patterns.push(pattern(`${at}(?!${alt(names)}/)[^./][^/]*/`, UNLISTED));
  if (!isRoot) {
    patterns.push(
      pattern(
        `${at}[^./][^/]*\\.[^/]*$`,
        'the files in src/ wire the app together; no module may import them',
      ),
    );
  }
  return patterns;
}

/** One block for all files of a folder at one depth, one for its controllers. */
function blocks(folderGlob, importer, up) {
  const patterns = patternsFor(importer, up);
  const rule = (list) => ({ 'no-restricted-imports': ['error', { patterns: list }] });
  return [
    { files: [`${folderGlob}*.ts`], rules: rule(patterns) },
    { files: [`${folderGlob}*.controller.ts`], rules: rule([...patterns, CONTROLLER_PATTERN]) },
  ];
}

const depths = Array.from({ length: MAX_NESTING + 1 }, (_, nesting) => ({
  glob: '*/'.repeat(nesting), // folders below the module folder
  up: '../'.repeat(nesting + 1), // the way back to src/
}));

const moduleBoundaries = [
  // Unknown folders first, so the per-module blocks below replace it for every known module.
  ...depths.flatMap(({ glob, up }) => blocks(`src/*/${glob}`, null, up)),
  ...names.flatMap((m) => depths.flatMap(({ glob, up }) => blocks(`src/${m}/${glob}`, m, up))),
  ...blocks('src/', '', './'),
  {
    // Deeper than MAX_NESTING: no pattern above would see the right depth, so refuse to guess.
    files: [`src/*/${'*/'.repeat(MAX_NESTING + 1)}**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pattern('^\\.\\./', 'nested too deep for the module boundaries: raise MAX_NESTING')] },
      ],
    },
  },
];

export default tseslint.config(
  // test/client/api.d.ts is generated from openapi.json by openapi-typescript (npm run openapi).
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'test/client/api.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Nest resolves constructor parameters from emitted decorator metadata, so a class imported
      // only for a parameter type must stay a value import.
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'test/**/*.mjs', 'bench/**'],
    languageOptions: { globals: { ...globals.jest } },
    rules: { 'no-console': 'off' },
  },
  {
    // The typed client proves the generated types are usable as they are: no casts, no `!`.
    files: ['test/client/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  // Module boundaries (table at the top of this file); test/, bench/ and migrations/ are not restricted.
  ...moduleBoundaries,
);
