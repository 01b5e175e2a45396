/**
 * `npm run bench`: throughput and p99 latency of the core endpoints at realistic volume, next to
 * a bare node:http + pg baseline, all in one run on this machine.
 *
 *   BENCH_SCALE=1 (default)   11k municipalities, 100k needs, 2k solutions, 1M cases, 6.6M events
 *   BENCH_SOLUTIONS           the catalogue's size instead of 2k × scale (e.g. 20000)
 *   BENCH_DURATION=10         seconds per endpoint
 *   BENCH_CONNECTIONS=32      concurrent connections
 *   BENCH_DATABASE_URL        an existing, empty database instead of a throwaway embedded one
 *
 * The API and the baseline run as child processes, so the load generator does not share their
 * event loop.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrateAndSeed } from '../src/database/migrate-and-seed.js';
import { loadVolume, volumeFor } from './volume.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SOLUTIONS = process.env.BENCH_SOLUTIONS === undefined ? undefined : Number(process.env.BENCH_SOLUTIONS);
const REPORT_CONNECTIONS = 4;
const ADMIN = { email: 'bench@example.org', password: randomBytes(12).toString('base64url') };

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const children: ChildProcess[] = [];
  let stopDatabase = async () => undefined as void;
  let dataDir: string | undefined;
  try {
    let url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      dataDir = await mkdtemp(join(tmpdir(), 'transferstelle-bench-'));
      const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort() });
      url = embedded.url;
      stopDatabase = embedded.stop;
    }

    log(`loading data (scale ${SCALE}) …`);
    const db = await new DataSource(dataSourceOptions(url, 4)).initialize();
    await migrateAndSeed(db, { migrate: true, seed: { demoUsers: false } });
    await loadVolume(db, volumeFor(SCALE, SOLUTIONS), log);
    const targets = await pickTargets(db);
    const [{ ags: bulkAgs }]: { ags: string }[] = await db.query(
      'SELECT ags FROM municipalities ORDER BY ags LIMIT 1',
    );
    const counts = await db.query(
      `SELECT (SELECT count(*) FROM municipalities)::int AS municipalities, (SELECT count(*) FROM needs)::int AS needs,
              (SELECT count(*) FROM solutions)::int AS solutions, (SELECT count(*) FROM transfer_cases)::int AS cases,
              (SELECT count(*) FROM transfer_case_events)::int AS events`,
    );
    log(`data: ${JSON.stringify(counts[0])}`);
    await db.destroy();

    const apiPort = await freePort();
    const basePort = await freePort();
    children.push(
      spawn(process.execPath, ['dist/src/main.js'], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          PORT: String(apiPort),
          HOST: '127.0.0.1',
          JWT_SECRET: randomBytes(32).toString('base64url'),
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          // Request logs at info would measure the terminal; warnings and errors still show.
          LOG_LEVEL: 'warn',
          SEED_DEMO_DATA: 'false',
          // The bulk-loaded needs start unjudged: judging them all in the background would load
          // the server the rows measure (in production it runs once, after a load or a catalogue change).
          NEED_FIT_REFRESH_INTERVAL_MS: '0',
          // The benchmark is one caller at thousands of requests a second: it measures the rate
          // limiter's cost (a counter upsert per request), not its refusals.
          RATE_LIMIT_PER_USER: '10000000',
          RATE_LIMIT_PER_CLIENT: '10000000',
          RATE_LIMIT_PER_ANONYMOUS_IP: '10000000',
          RATE_LIMIT_AUTH_PER_IP: '10000000',
          EXPENSIVE_CONCURRENCY: '1000',
          EXPENSIVE_PER_CALLER: '1000',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      }),
      spawn(process.execPath, ['dist/bench/baseline.js'], {
        env: { ...process.env, DATABASE_URL: url, PORT: String(basePort) },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const api = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${api}/api/v1/health`);
    await waitFor(`http://127.0.0.1:${basePort}/municipalities?limit=1`);
    const token = await login(api);
    const auth = { Authorization: `Bearer ${token}` };

    const runs: [string, string, Record<string, string>][] = [
      [
        'baseline: node:http + pg, 50 municipalities',
        `http://127.0.0.1:${basePort}/municipalities?limit=50`,
        {},
      ],
      ['GET /municipalities?limit=50', `${api}/api/v1/municipalities?limit=50`, auth],
      [
        'GET /municipalities?stateCode=DE-SN&limit=50',
        `${api}/api/v1/municipalities?stateCode=DE-SN&limit=50`,
        auth,
      ],
      ['GET /needs?limit=50 (newest first)', `${api}/api/v1/needs?limit=50`, auth],
      ['GET /needs?q=Starkregenschutz', `${api}/api/v1/needs?q=Starkregenschutz&limit=20`, auth],
      ['GET /solutions?q=Mehrweg', `${api}/api/v1/solutions?q=Mehrweg&limit=20`, auth],
      [
        'GET /needs/{id}/solution-suggestions',
        `${api}/api/v1/needs/${targets.needId}/solution-suggestions`,
        auth,
      ],
      [
        'GET /transfer-cases?regionId=…&limit=50',
        `${api}/api/v1/transfer-cases?regionId=${targets.regionId}&limit=50`,
        auth,
      ],
      ['GET /transfer-cases/{id}', `${api}/api/v1/transfer-cases/${targets.caseId}`, auth],
      ['GET /transfer-cases/{id}/events', `${api}/api/v1/transfer-cases/${targets.caseId}/events`, auth],
    ];
    const results: string[][] = [];
    for (const [name, url, headers] of runs) {
      const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION });
      const bad = result.non2xx + result.errors + result.timeouts;
      results.push([
        name,
        result.requests.average.toFixed(0),
        result.latency.p50.toFixed(1),
        result.latency.p99.toFixed(1),
        String(bad),
      ]);
      log(
        `  ${name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms${bad ? `, ${bad} failed` : ''}`,
      );
    }
    log(`\n${table(['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'failed'], results)}`);

    // Reports: analysts' dashboards, a few at a time (the bar is p99 under 300 ms at 4 callers).
    // Each report as the whole nation sees it, for a state, for a pilot's region, and over the
    // periods analysts ask for: a calendar year, a quarter, the last 30 days (read partly from the
    // per-case rows, the slowest shape).
    const pilot = { Authorization: `Bearer ${await pilotToken(api, auth, targets.regionId)}` };
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
    const daysAgo = (n: number) =>
      new Date(Date.parse(`${today}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    const lastYear = `from=${Number(today.slice(0, 4)) - 1}-01-01&to=${Number(today.slice(0, 4)) - 1}-12-31`;
    const quarter = lastQuarter(today);
    const last30 = `from=${daysAgo(29)}&to=${today}`;
    const reports = `${api}/api/v1/reports`;
    const reportRuns: [string, string, Record<string, string>][] = [
      ['case-status?groupBy=state', `${reports}/case-status?groupBy=state`, auth],
      [
        'case-status?groupBy=region&stateCode=DE-SN',
        `${reports}/case-status?groupBy=region&stateCode=DE-SN`,
        auth,
      ],
      [
        'case-status?groupBy=municipality&regionId=… (per-case rows)',
        `${reports}/case-status?groupBy=municipality&regionId=${targets.regionId}`,
        auth,
      ],
      ['case-status, a pilot (her region)', `${reports}/case-status?groupBy=region`, pilot],
      ['stage-durations?groupBy=state', `${reports}/stage-durations?groupBy=state`, auth],
      ['stage-durations?groupBy=region (every region)', `${reports}/stage-durations?groupBy=region`, auth],
      [
        `stage-durations?groupBy=region, a quarter (${quarter.label})`,
        `${reports}/stage-durations?groupBy=region&${quarter.query}`,
        auth,
      ],
      ['stage-durations, the last 30 days', `${reports}/stage-durations?${last30}`, auth],
      [
        'stage-durations, a pilot, the last 30 days',
        `${reports}/stage-durations?groupBy=region&${last30}`,
        pilot,
      ],
      [`funnel, a year (${lastYear})`, `${reports}/funnel?${lastYear}`, auth],
      ['funnel, the last 30 days', `${reports}/funnel?${last30}`, auth],
      ['solution-demand', `${reports}/solution-demand`, auth],
      ['solution-demand?stateCode=DE-SN', `${reports}/solution-demand?stateCode=DE-SN`, auth],
      ['solution-demand?theme=klima-ressourcen', `${reports}/solution-demand?theme=klima-ressourcen`, auth],
      ['solution-demand, a pilot', `${reports}/solution-demand`, pilot],
      ['coverage', `${reports}/coverage`, auth],
    ];
    const reportResults: string[][] = [];
    for (const [name, url, headers] of reportRuns) {
      const result = await autocannon({
        url,
        headers,
        connections: REPORT_CONNECTIONS,
        duration: DURATION,
      });
      const bad = result.non2xx + result.errors + result.timeouts;
      reportResults.push([
        `GET /reports/${name}`,
        result.requests.average.toFixed(1),
        result.latency.p50.toFixed(0),
        result.latency.p99.toFixed(0),
        result.latency.p99 < 300 && bad === 0 ? 'yes' : 'NO',
        String(bad),
      ]);
      log(`  ${name}: p99 ${result.latency.p99} ms${bad ? `, ${bad} failed` : ''}`);
    }
    const exportStarted = performance.now();
    const exported = await fetch(`${api}/api/v1/exports/transfer-cases.csv`, { headers: auth });
    let exportedBytes = 0;
    for await (const chunk of exported.body ?? []) exportedBytes += (chunk as Uint8Array).length;
    const exportMs = performance.now() - exportStarted;
    reportResults.push([
      `GET /exports/transfer-cases.csv (every case, ${(exportedBytes / 2 ** 20).toFixed(0)} MB, one request)`,
      '',
      exportMs.toFixed(0),
      '',
      '',
      exported.ok ? '0' : '1',
    ]);
    log(`\n${table(['report', 'req/s', 'p50 ms', 'p99 ms', 'p99 < 300', 'failed'], reportResults)}`);
    log(`(reports at ${REPORT_CONNECTIONS} connections)`);

    // Writes: a state system's batches of 1 000, one request at a time (no load).
    const writes: string[][] = [];
    const timeBatch = async (name: string, resource: string, items: object[]) => {
      const started = performance.now();
      const res = await fetch(`${api}/api/v1/integrations/bench-system/${resource}:bulk`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      const ms = performance.now() - started;
      writes.push([name, ms.toFixed(0), String(res.status)]);
      log(`  POST …/${name}: ${ms.toFixed(0)} ms (${res.status})`);
    };
    for (const [name, prefix] of [
      ['needs:bulk, 1 000 new', 'new'],
      ['needs:bulk, the same 1 000 again (unchanged)', 'new'],
      ['needs:bulk, 1 000 new', 'more'],
    ] as const) {
      await timeBatch(
        name,
        'needs',
        Array.from({ length: 1000 }, (_, i) => ({
          externalId: `${prefix}-${i}`,
          municipalityAgs: bulkAgs,
          title: `Bench-Bedarf ${prefix} ${i}`,
        })),
      );
    }
    // Kreisschlüssel 14990 and 14991 name no Kreis, so the volume never holds these AGS.
    const municipalities = Array.from({ length: 1000 }, (_, i) => ({
      externalId: `gemeinde-${i}`,
      ags: `1499${Math.floor(i / 500)}${String((i % 500) + 1).padStart(3, '0')}`,
      name: `Bench-Gemeinde ${i}`,
      kind: 'gemeinde',
      population: 1000 + i,
    }));
    await timeBatch('municipalities:bulk, 1 000 new', 'municipalities', municipalities);
    await timeBatch(
      'municipalities:bulk, the same 1 000 again (unchanged)',
      'municipalities',
      municipalities,
    );
    // A pilot's moves, one at a time: a transition's COMMIT carries its report projections.
    const open = await fetch(`${api}/api/v1/transfer-cases?status=recherchiert&limit=50`, { headers: auth });
    const moves: number[] = [];
    for (const { id } of ((await open.json()) as { items: { id: string }[] }).items) {
      const started = performance.now();
      const res = await fetch(`${api}/api/v1/transfer-cases/${id}/transitions`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ to: 'abgebrochen', reason: 'Bench: kein Bedarf mehr' }),
      });
      if (!res.ok) throw new Error(`moving case ${id} failed: ${res.status}`);
      moves.push(performance.now() - started);
    }
    moves.sort((a, b) => a - b);
    writes.push(
      [`transition, ${moves.length} one after another: median`, moves[moves.length >> 1].toFixed(0), '200'],
      [`transition, ${moves.length} one after another: slowest`, moves[moves.length - 1].toFixed(0), '200'],
    );
    log(`\n${table(['write', 'ms', 'status'], writes)}`);
    log(`(${CONNECTIONS} connections, ${DURATION} s each, scale ${SCALE}, ${new Date().toISOString()})`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((done) => (c.exitCode !== null ? done(null) : c.once('exit', done)))),
    );
    await stopDatabase();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

async function pickTargets(db: DataSource): Promise<{ needId: string; caseId: string; regionId: string }> {
  const [need] = await db.query(
    `SELECT id FROM needs WHERE source = 'api' ORDER BY captured_at DESC LIMIT 1`,
  );
  const [region] = await db.query(`SELECT id FROM regions WHERE code = 'sachsen-dresden'`);
  const [transferCase] = await db.query(
    `SELECT id FROM transfer_cases WHERE region_id = $1 ORDER BY opened_at DESC LIMIT 1`,
    [region.id],
  );
  return { needId: need.id, caseId: transferCase.id, regionId: region.id };
}

/** A pilot of the region, for the reports as a pilot sees them (her regions only). */
async function pilotToken(api: string, auth: Record<string, string>, regionId: string): Promise<string> {
  const pilot = { email: 'bench-pilot@example.org', password: randomBytes(12).toString('base64url') };
  const res = await fetch(`${api}/api/v1/users`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...pilot, name: 'Bench-Lotsin', role: 'lotse', regionIds: [regionId] }),
  });
  if (!res.ok) throw new Error(`creating the pilot failed: ${res.status}`);
  return login(api, pilot);
}

/** The last whole quarter before the one `today` lies in. */
function lastQuarter(today: string): { label: string; query: string } {
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const q = Math.floor((month - 1) / 3);
  const [y, first] = q === 0 ? [year - 1, 10] : [year, q * 3 - 2];
  const last = new Date(Date.UTC(y, first + 2, 0)).toISOString().slice(0, 10);
  const from = `${y}-${String(first).padStart(2, '0')}-01`;
  return { label: `${from} … ${last}`, query: `from=${from}&to=${last}` };
}

async function login(api: string, credentials = ADMIN): Promise<string> {
  const res = await fetch(`${api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Bounded wait for a server to answer (it is a benchmark, not a test: polling is fine here). */
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

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
