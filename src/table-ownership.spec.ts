import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// Every table belongs to one module; SQL in a module may name only that module's own tables. Other
// modules' data is reached through their exported providers (see docs/architecture.md).

const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Tables that have no entity class, with their owner. */
const TABLES_WITHOUT_ENTITY: Record<string, string> = {
  search_terms: 'search',
  search_synonyms: 'search',
  // The catalogue's term index, kept by triggers on solutions (migration 1764230000000).
  solution_terms: 'solutions',
  solution_term_stats: 'solutions',
  solution_catalogue_stats: 'solutions',
  // Each need's best fit, kept by the write path and a refresher (needs/suggestions/need-fits.ts).
  need_fits: 'needs',
  // Counters, not records: one row per caller and window (auth/rate-limits/).
  rate_limit_windows: 'auth',
  // The reports' projections: written by database triggers only, read by reports/ (docs/reports.md).
  ...Object.fromEntries(
    [
      'report_cases',
      'report_stays',
      'report_demand',
      'report_open_needs',
      'report_case_counts',
      'report_stay_buckets',
      'report_stage_entries',
      'report_sitting_counts',
      'report_demand_totals',
      'report_origin_totals',
      'report_pending',
      'report_pending_commits',
      'report_deltas',
    ].map((table) => [table, 'reports']),
  ),
};

/** Folders whose SQL may name any table. */
const EXEMPT = [
  'src/database/', // the demo seed fills every table (declared exception)
  'src/reports/', // read-only reports across modules (declared exception)
];

interface SourceFile {
  /** Repository-relative, with forward slashes: `src/needs/needs.service.ts`. */
  path: string;
  text: string;
}

function sourceFiles(): SourceFile[] {
  return readdirSync(join(REPO, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => join(REPO, 'src', file))
    .map((file) => ({ path: relative(REPO, file).split(sep).join('/'), text: readFileSync(file, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** `src/needs/dto/x.ts` → `needs`; files directly in src/ belong to the app root, `(root)`. */
function moduleOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts[1] : '(root)';
}

/** Table → owning module, from every `@Entity({ name: '<table>' })` in src/<module>/**. */
function tableOwners(files: SourceFile[]): Map<string, string> {
  const owners = new Map(Object.entries(TABLES_WITHOUT_ENTITY));
  for (const { path, text } of files) {
    for (const [, table] of text.matchAll(/@Entity\(\s*\{\s*name:\s*['"]([a-z_]+)['"]/g)) {
      const owner = owners.get(table);
      if (owner !== undefined && owner !== moduleOf(path)) {
        throw new Error(`${table} is declared by both ${owner} and ${moduleOf(path)}`);
      }
      owners.set(table, moduleOf(path));
    }
  }
  return owners;
}

/** `from` → `[Ff][Rr][Oo][Mm]`: the SQL keyword in any case, while table names stay lower case. */
const anyCase = (word: string) => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const SQL_TABLE = new RegExp(
  String.raw`\b(?:${['from', 'join', 'into', 'update', 'table'].map(anyCase).join('|')})\s+"?([a-z_]+)"?`,
  'g',
);
const REPOSITORY_TABLE = /getRepository\(\s*['"]([a-z_]+)['"]/g;

/** Comments are prose ("derived from the AGS"), not SQL: drop block comments and whole-line comments. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** `file: table (owned by module)` for every table a file names that another module owns. */
function violations(files: SourceFile[], owners: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const { path, text } of files) {
    if (EXEMPT.some((folder) => path.startsWith(folder))) continue;
    const code = withoutComments(text);
    for (const [, table] of [...code.matchAll(SQL_TABLE), ...code.matchAll(REPOSITORY_TABLE)]) {
      const owner = owners.get(table);
      if (owner !== undefined && owner !== moduleOf(path)) found.add(`${path}: ${table} (owned by ${owner})`);
    }
  }
  return [...found];
}

describe('table ownership', () => {
  const files = sourceFiles();
  const owners = tableOwners(files);

  it('derives each table owner from the entity files', () => {
    expect(owners.get('municipalities')).toBe('municipalities');
    expect(owners.get('transfer_case_events')).toBe('transfer-cases');
    expect(owners.get('changes')).toBe('platform');
    expect(owners.get('users')).toBe('users');
    expect(owners.get('search_terms')).toBe('search');
    expect(owners.get('report_stays')).toBe('reports');
  });

  it('reports SQL that names another module’s table', () => {
    const planted: SourceFile[] = [
      {
        path: 'src/needs/needs.service.ts',
        text: [
          "await db.query('SELECT id FROM transfer_cases WHERE need_id = $1', [id]);",
          'await db.query(`select n.id from needs n join "municipalities" m on m.id = n.municipality_id`);',
          "const users = dataSource.getRepository('users');",
          "await db.query('UPDATE needs SET title = $1', [title]);",
        ].join('\n'),
      },
      { path: 'src/database/seed/demo.ts', text: "await db.query('INSERT INTO needs (id) VALUES ($1)');" },
      { path: 'src/reports/needs.ts', text: "await db.query('SELECT count(*) FROM needs');" },
    ];
    expect(violations(planted, owners)).toEqual([
      'src/needs/needs.service.ts: transfer_cases (owned by transfer-cases)',
      'src/needs/needs.service.ts: municipalities (owned by municipalities)',
      'src/needs/needs.service.ts: users (owned by users)',
    ]);
  });

  it('finds no module naming another module’s table in its SQL', () => {
    expect(violations(files, owners)).toEqual([]);
  });
});
