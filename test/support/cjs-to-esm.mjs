// Jest (on Node < 24.9) cannot require() an ES module from CommonJS. @nestjs/throttler is
// CommonJS and requires @nestjs/common and @nestjs/core, which are ESM only since Nest 12; Node
// itself loads it fine (require(esm), Node ≥ 20.19), Jest's own module system does not. So for
// the test run its files are served as ES modules: each file wrapped unchanged in a module that
// imports what it requires, generated into node_modules/.cache at configuration time.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const REQUIRE = /require\("([^"]+)"\)/g;

/** Writes ESM twins of a CommonJS package's files; returns the path of its entry's twin. */
export function esmTwinOf(rootDir, packageName) {
  const require = createRequire(join(rootDir, 'package.json'));
  const entry = require.resolve(packageName);
  const source = dirname(entry);
  const target = join(rootDir, 'node_modules', '.cache', 'esm-twins', packageName);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(source).filter((name) => name.endsWith('.js'))) {
    const path = join(source, file);
    const code = readFileSync(path, 'utf8');
    const ids = [...new Set([...code.matchAll(REQUIRE)].map((match) => match[1]))];
    const imports = ids.map((id, i) => {
      const from = id.startsWith('.') ? `${id}.mjs` : id;
      return `import * as __dependency${i} from ${JSON.stringify(from)};`;
    });
    const table = ids.map((id, i) => {
      // What require() gives: a twin's or a Node builtin's module.exports, an ES module's namespace.
      const cjs = id.startsWith('.') || id.startsWith('node:') || builtinModules.includes(id);
      return `${JSON.stringify(id)}: ${cjs ? `__dependency${i}.default` : `__dependency${i}`}`;
    });
    const names = Object.keys(require(path)).filter(
      (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default',
    );
    writeFileSync(
      join(target, file.replace(/\.js$/, '.mjs')),
      [
        ...imports,
        `const __table = { ${table.join(', ')} };`,
        'const module = { exports: {} };',
        '(function (exports, require, module) {',
        code.replace(/^\/\/# sourceMappingURL=.*$/m, ''),
        '})(module.exports, (id) => __table[id], module);',
        'export default module.exports;',
        ...names.map((name) => `export const ${name} = module.exports.${name};`),
      ].join('\n'),
    );
  }
  return join(target, 'index.mjs');
}
