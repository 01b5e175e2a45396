import { execFile } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { deskFlow } from './client/desk-flow.js';
import { syncAndFollow } from './client/state-system.js';
import { deliveryHandler, subscribe } from './client/webhooks.js';
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
    t = await startTestApp({
      seed: true,
      // The walk-through's receiver listens on 127.0.0.1.
      env: {
        WEBHOOK_DELIVERY: 'true',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_DISPATCH_INTERVAL_MS: '100',
      },
    });
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

  it('runs the webhook part of docs/integration.md: subscribe, receive, verify the signature, skip repeats', async () => {
    const client = await t.http
      .post('/api/v1/api-clients')
      .send({
        name: 'Digitallotsen Sachsen (Webhooks)',
        scopes: ['needs:read', 'cases:read', 'webhooks:manage'],
        stateCodes: ['DE-SN'],
      })
      .expect(201);
    const code = (await readFile(resolve('test/client/webhooks.ts'), 'utf8')).trim();
    expect(await readFile(resolve('docs/integration.md'), 'utf8')).toContain(`\`\`\`ts\n${code}\n\`\`\``);

    const changes: string[] = [];
    let arrived: () => void = () => undefined;
    const first = new Promise<void>((done) => (arrived = done));
    let handle: RequestListener = (_req, res) => res.writeHead(503).end();
    const server = createServer((req, res) => handle(req, res));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const secret = await subscribe(baseUrl, client.body.key, `http://127.0.0.1:${port}/hooks`);
      handle = deliveryHandler(secret, ({ type, data }) => {
        changes.push(`${type}:${'entityId' in data ? data.entityId : data.subscriptionId}`);
        arrived();
      });
      const [municipality] = await t.db.query(
        `SELECT id FROM municipalities WHERE state_code = 'DE-SN' LIMIT 1`,
      );
      const need = await t.http
        .post('/api/v1/needs')
        .send({ municipalityId: municipality.id, title: 'Bedarf für den Webhook' })
        .expect(201);
      await first;
      expect(changes).toEqual([`need.created:${need.body.id}`]);
      // A request not signed with the secret is refused by the receiver's verification.
      const forged = await fetch(`http://127.0.0.1:${port}/hooks`, {
        method: 'POST',
        headers: {
          'webhook-id': 'msg_x',
          'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
          'webhook-signature': 'v1,AAAA',
        },
        body: '{"type":"need.deleted","data":{"entityId":"x"}}',
      });
      expect(forged.status).toBe(400);
      expect(changes).toHaveLength(1);
      // A message signed with the secret counts once, however often it arrives (as a retry would).
      const body = '{"type":"need.updated","timestamp":"2026-11-25T12:00:00.000Z","data":{"entityId":"n-1"}}';
      const now = new Date();
      const signed = {
        'webhook-id': 'msg_repeat',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign('msg_repeat', now, body),
      };
      for (let i = 0; i < 2; i++) {
        const res = await fetch(`http://127.0.0.1:${port}/hooks`, { method: 'POST', headers: signed, body });
        expect(res.status).toBe(204);
      }
      expect(changes).toEqual([`need.created:${need.body.id}`, 'need.updated:n-1']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
