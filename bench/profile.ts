/**
 * `npm run profile`: where the API's time goes under load. Loads a volume (BENCH_SCALE, default
 * 0.1), starts the API with `node --cpu-prof`, loads one route (PROFILE_ROUTE, default the
 * 50-municipality page) with autocannon for PROFILE_SECONDS (default 15) at 32 connections, stops
 * it and prints the self time by package and by function, so a fix is aimed at what the profile
 * shows. The .cpuprofile stays in PROFILE_DIR (default a temporary folder) for Chrome DevTools.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrateAndSeed } from '../src/database/migrate-and-seed.js';
import { loadVolume, volumeFor } from './volume.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 0.1);
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 15);
const ROUTE = process.env.PROFILE_ROUTE ?? '/api/v1/municipalities?limit=50';
const ADMIN = { email: 'profile@example.org', password: randomBytes(12).toString('base64url') };

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'transferstelle-profile-'));
  const profileDir = process.env.PROFILE_DIR ?? (await mkdtemp(join(tmpdir(), 'transferstelle-cpuprofile-')));
  const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    const db = await new DataSource(dataSourceOptions(embedded.url, 4)).initialize();
    await migrateAndSeed(db, { migrate: true, seed: { demoUsers: false } });
    await loadVolume(db, volumeFor(SCALE), (line) => process.stdout.write(`${line}\n`));
    const route = ROUTE.replace('{caseId}', (await db.query('SELECT id FROM transfer_cases LIMIT 1'))[0].id);
    await db.destroy();

    const port = await freePort();
    const api = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, 'dist/src/main.js'], {
      env: {
        ...process.env,
        DATABASE_URL: embedded.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: randomBytes(32).toString('base64url'),
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // As in the bench: request logs on, written to /dev/null.
        LOG_LEVEL: 'info',
        SEED_DEMO_DATA: 'false',
        NEED_FIT_REFRESH_INTERVAL_MS: '0',
        RATE_LIMIT_PER_USER: '10000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/v1/health`);
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const result = await autocannon({
      url: `${base}${route}`,
      headers: { Authorization: `Bearer ${accessToken}` },
      connections: 32,
      duration: SECONDS,
    });
    process.stdout.write(
      `${route}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms\n`,
    );
    api.kill('SIGTERM');
    await new Promise((done) => api.once('exit', done));

    const [file] = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
    const profile = JSON.parse(await readFile(join(profileDir, file), 'utf8')) as CpuProfile;
    summarize(profile);
    process.stdout.write(`profile: ${join(profileDir, file)}\n`);
  } finally {
    await embedded.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Self time per package (node_modules/<name>, our src/, node: internals) and per function. */
function summarize(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    const fn = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, micros]) => `  ${((micros / total) * 100).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  process.stdout.write(
    `\nself time by package:\n${top(byPackage, 25)}\n\nself time by function:\n${top(byFunction, 40)}\n`,
  );
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return 'node: internals';
  const src = /dist\/(src\/[^/]+)/.exec(url);
  return src ? src[1] : url;
}

function shortUrl(url: string): string {
  return url.replace(/^.*node_modules\//, '').replace(/^.*dist\//, '');
}

async function waitFor(url: string): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(`${url} did not come up within 60 s`);
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
