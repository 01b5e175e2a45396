import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { deskFlow } from './client/desk-flow.js';
import { syncAndFollow } from './client/state-system.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const TYPES = resolve('test/client/api.d.ts');
const UPDATE = process.env.UPDATE_OPENAPI === '1' && process.env.CI !== 'true';

/**
 * A client generated from openapi.json (openapi-typescript types + openapi-fetch) compiles under
 * `--strict` and runs the desk-tool flow against the real app.
 */
describe('a typed client generated from openapi.json', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}/api/v1`;
  });
  afterAll(() => t.close());

  it('has its types generated from the committed document (run `npm run openapi` after an API change)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-types-'));
    try {
      const generated = join(dir, 'api.d.ts');
      await run(process.execPath, [
        resolve('node_modules/openapi-typescript/bin/cli.js'),
        'openapi.json',
        '-o',
        generated,
      ]);
      const fresh = await readFile(generated, 'utf8');
      if (UPDATE) await writeFile(TYPES, fresh);
      expect(await readFile(TYPES, 'utf8')).toBe(fresh);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('type-checks the client programs (desk tool, state system) under --strict', async () => {
    const tsc = resolve('node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', 'test/client/tsconfig.json']).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string }) => ({ code: error.code, output: error.stdout }),
    );
    expect(result).toEqual({ code: 0, output: '' });
  });

  it('runs login → need → suggestions → case → assignee → candidate → transition with If-Match', async () => {
    const result = await deskFlow(baseUrl, 'lotse.dresden@demo.transferstelle.local', 'demo-lotse-password');
    expect(result).toMatchObject({ caseStatus: 'recherchiert', version: 4, assigneeId: expect.any(String) });
    expect(result.candidates).toHaveLength(1);
    const [row] = await t.db.query(
      'SELECT status, version, assignee_id FROM transfer_cases ORDER BY opened_at DESC LIMIT 1',
    );
    expect(row).toEqual({ status: 'recherchiert', version: 4, assignee_id: result.assigneeId });
    expect(result.timeline[0]).toBe('created by Demo Lotsin Dresden');
  });

  it('runs the state-system walk-through of docs/integration.md: sync by own ids, safe retry, follow the feed', async () => {
    const client = await t.http
      .post('/api/v1/api-clients')
      .send({
        name: 'Digitallotsen Sachsen',
        scopes: ['municipalities:write', 'needs:read', 'needs:write', 'cases:read', 'cases:write'],
        stateCodes: ['DE-SN'],
        systems: ['digitallotsen-sn'],
      })
      .expect(201);
    // docs/integration.md shows this code verbatim.
    const code = (await readFile(resolve('test/client/state-system.ts'), 'utf8')).trim();
    expect(await readFile(resolve('docs/integration.md'), 'utf8')).toContain(`\`\`\`ts\n${code}\n\`\`\``);
    const { needId, seen } = await syncAndFollow(baseUrl, client.body.key);
    expect(seen).toContain(`need:${needId}:created`);
    const cases = await t.db.query('SELECT id FROM transfer_cases WHERE need_id = $1', [needId]);
    expect(cases).toHaveLength(1);
    expect(seen).toContain(`transfer_case:${cases[0].id}:created`);
    // The demo data's changes are in the feed too, but none outside Saxony.
    const states = await t.db.query(
      `SELECT DISTINCT state_code FROM changes WHERE entity_id = ANY($1) AND state_code IS NOT NULL`,
      [seen.map((s) => s.split(':')[1])],
    );
    expect(states).toEqual([{ state_code: 'DE-SN' }]);
  });
});
