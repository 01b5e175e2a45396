import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './support/raw-http.js';

/**
 * Starts the built app exactly as `npm start` does after building — `node dist/src/main.js`
 * with no DATABASE_URL — so it launches its own embedded PostgreSQL.
 */
const MAIN = resolve('dist/src/main.js');

interface RunningApp {
  child: ChildProcess;
  baseUrl: string;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

describe('starting the built app like `npm start` (embedded PostgreSQL)', () => {
  let dataDir: string;
  let dbPort: number;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does)`);
    dataDir = await mkdtemp(join(tmpdir(), 'transferstelle-start-'));
    dbPort = await freePort();
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('serves demo data, logs JSON with request ids, and stops its postgres on SIGTERM', async () => {
    const app = await start();
    try {
      const health = await fetch(`${app.baseUrl}/api/v1/health`);
      expect(health.status).toBe(200);

      const unauthenticated = await fetch(`${app.baseUrl}/api/v1/municipalities`);
      expect(unauthenticated.status).toBe(401);

      const token = await loginAsDemoAdmin(app.baseUrl);
      const list = await fetch(`${app.baseUrl}/api/v1/municipalities?stateCode=DE-SN&limit=200`, {
        headers: { 'X-Request-Id': 'startup-test-1', Authorization: `Bearer ${token}` },
      });
      expect(list.status).toBe(200);
      expect(list.headers.get('x-request-id')).toBe('startup-test-1');
      expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(13);

      const docs = await fetch(`${app.baseUrl}/api/docs/`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toMatch(/swagger-ui/i);
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
    expect(app.logs.find((l) => l.requestId === 'startup-test-1')).toMatchObject({
      req: { method: 'GET', url: '/api/v1/municipalities?stateCode=DE-SN&limit=200' },
      res: { statusCode: 200 },
    });
    // Route mapping is debug chatter; at info the URL and the demo logins come right after start-up.
    expect(app.logs.filter((l) => /Mapped \{|RoutesResolver|RouterExplorer/.test(JSON.stringify(l)))).toEqual(
      [],
    );
    const listening = app.logs.findIndex((l) => String(l.msg).startsWith('listening on'));
    expect(app.logs[listening + 1]).toMatchObject({
      demoLogins: expect.arrayContaining([
        { role: 'admin', email: 'admin@demo.transferstelle.local', password: 'demo-admin-password' },
      ]),
    });
    expect(app.logs.find((l) => l.msg === 'database ready')).toMatchObject({
      seeded: {
        regions: 4,
        municipalities: 402,
        users: 4,
        solutions: 34,
        needs: expect.any(Number),
        cases: 10,
      },
    });
    expectNoPostgresLeft();
  });

  it('keeps its data across restarts without seeding again', async () => {
    const app = await start();
    try {
      const res = await fetch(`${app.baseUrl}/api/v1/regions`, {
        headers: { Authorization: `Bearer ${await loginAsDemoAdmin(app.baseUrl)}` },
      });
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(4);
    } finally {
      app.child.kill('SIGINT');
    }
    expect(await app.exited).toBe(0);
    expect(app.logs.find((l) => l.msg === 'database ready')).toMatchObject({ migrations: [] });
    expect(app.logs.find((l) => l.msg === 'database ready')).not.toHaveProperty('seeded');
    expectNoPostgresLeft();
  });

  it('exits non-zero when its embedded PostgreSQL dies, so a supervisor restarts it', async () => {
    const app = await start();
    const postmaster = Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');
    expect(await app.exited).toBe(1);
    expect(app.logs.find((l) => l.level === 60)).toMatchObject({ signal: 'SIGKILL' });
    // Killed postgres leaves its pid file; the next start recovers the cluster and serves again.
    const again = await start();
    try {
      expect((await fetch(`${again.baseUrl}/api/v1/health`)).status).toBe(200);
    } finally {
      again.child.kill('SIGTERM');
    }
    expect(await again.exited).toBe(0);
  });

  it('refuses to start on invalid configuration, naming the variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...baseEnv(), PORT: 'eighty', LOG_LEVEL: 'loud' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT must be an integer/);
    expect(stderr).toMatch(/LOG_LEVEL must be one of/);
  });

  function baseEnv(): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.DATABASE_URL;
    delete env.TEST_DATABASE_URL;
    return env;
  }

  async function start(): Promise<RunningApp> {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...baseEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        EMBEDDED_DB_PORT: String(dbPort),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: Record<string, unknown>[] = [];
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Ready when the app logs that it listens; fails fast when it exits first.
    const listening = new Promise<void>((ready, fail) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const entry = parseJson(line);
        if (!entry) return fail(new Error(`log line is not JSON: ${line}`));
        logs.push(entry);
        if (typeof entry.msg === 'string' && entry.msg.startsWith('listening on')) ready();
      });
      void exited.then((code) => fail(new Error(`app exited with ${code} before listening: ${stderr}`)));
    });
    await listening;
    return { child, baseUrl: `http://127.0.0.1:${port}`, logs, exited };
  }

  /** No postgres process may still hold this test's data folder. */
  function expectNoPostgresLeft(): void {
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    const holders = readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
        } catch {
          return '';
        }
      })
      .filter((cmdline) => cmdline.includes(dataDir));
    expect(holders).toEqual([]);
  }
});

/** The demo admin exists only on the embedded database; its password is documented in the README. */
async function loginAsDemoAdmin(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.transferstelle.local', password: 'demo-admin-password' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
