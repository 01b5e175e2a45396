import { readFileSync } from 'node:fs';
import semver from 'semver';

/**
 * `npm ci` warns (EBADENGINE) for every installed package whose `engines.node` excludes the Node
 * version we run on. The README promises the oldest Node of package.json's range: every package
 * in the lockfile must accept it, or the quick start prints warnings on the machines it names.
 */
describe('the dependencies and the Node version the README names', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };
  const oldest = semver.minVersion(manifest.engines.node)?.version ?? '';

  it('names a Node version the README repeats', () => {
    expect(oldest).toBe('20.19.0');
    expect(readFileSync('README.md', 'utf8')).toContain('Node.js 20.19 or newer');
  });

  it('installs no package that refuses it', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return range && !semver.satisfies(oldest, range) ? [`${name}@${entry.version}: node ${range}`] : [];
      });
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(refusing).toEqual([]);
  });
});
