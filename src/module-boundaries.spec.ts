import { ESLint } from 'eslint';

// Lints planted source text at virtual paths against the real eslint.config.mjs, so the module map
// there is checked in both directions: forbidden imports fail, allowed ones pass.
describe('module boundaries (no-restricted-imports in eslint.config.mjs)', () => {
  const eslint = new ESLint({ cwd: process.cwd() });

  async function boundaryErrors(filePath: string, importPath: string): Promise<string[]> {
    const code = `import { x } from '${importPath}';\nexport const y = x;\n`;
    const [result] = await eslint.lintText(code, { filePath });
    // A parse error would hide every rule, so the "may import" cases would pass for nothing.
    expect(result.messages.filter((m) => m.fatal)).toEqual([]);
    return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  it.each([
    ['src/needs/x.ts', '../transfer-cases/index.js', 'needs may not import transfer-cases (a higher module)'],
    ['src/needs/dto/x.ts', '../../municipalities/municipality-places.js', 'only through its index.js'],
    [
      'src/regions/x.ts',
      '../municipalities/index.js',
      'regions may not import municipalities (a higher module)',
    ],
    ['src/common/x.ts', '../auth/index.js', 'common may not import auth'],
    ['src/transfer-cases/case-candidates.controller.ts', './transfer-cases.controller.js', 'a controller'],
    ['src/database/seed/x.ts', '../../needs/need-enums.js', 'only through its index.js'],
    ['src/app.module.ts', './needs/needs.module.js', 'only through its index.js'],
    ['src/needs/suggestions/x.ts', '../../app.module.js', 'no module may import them'],
    ['src/community/x.ts', '../needs/index.js', 'not in the module table'],
    // Reports read every table in SQL, but import only what their filters and rows are made of.
    ['src/reports/x.ts', '../needs/index.js', 'reports may not import needs'],
    // Metrics sit below auth, which counts its refused logins there.
    ['src/metrics/x.ts', '../auth/index.js', 'metrics may not import auth'],
  ])('%s may not import %s', async (filePath, importPath, expected) => {
    const errors = await boundaryErrors(filePath, importPath);
    expect(errors).toEqual([expect.stringContaining(expected)]);
  });

  it.each([
    ['src/needs/dto/x.ts', '../../municipalities/index.js'],
    ['src/needs/dto/x.ts', '../need-enums.js'],
    ['src/needs/x.ts', '../common/pagination/page.js'],
    ['src/needs/suggestions/x.ts', '../../solutions/index.js'],
    ['src/common/x.ts', '../config/app-config.js'],
    ['src/transfer-cases/x.ts', './transfer-cases.controller.js'],
    ['src/database/data-source-options.ts', '../needs/need.entity.js'],
    ['src/database/migrate.ts', '../../migrations/index.js'],
    ['src/app.module.ts', './needs/index.js'],
    ['src/app.module.ts', './database/data-source-options.js'],
    ['src/app.factory.ts', './metrics/index.js'],
    ['src/metrics/x.ts', '../common/problems/problem.exception.js'],
  ])('%s may import %s', async (filePath, importPath) => {
    expect(await boundaryErrors(filePath, importPath)).toEqual([]);
  });
});
