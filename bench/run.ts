/**
 * `npm run bench`: throughput and p99 latency of the core endpoints at realistic volume, next to
 * a bare node:http + pg baseline, all in one run on this machine.
 *
 *   BENCH_SCALE=1 (default)   11k municipalities, 100k needs, 2k solutions, 1M cases, 6.6M events
 *   BENCH_SOLUTIONS           the catalogue's size instead of 2k × scale (e.g. 20000)
 *   BENCH_DURATION=10         seconds per endpoint
 *   BENCH_CONNECTIONS=32      concurrent connections
 *   BENCH_DATABASE_URL        an existing, empty database instead of a throwaway embedded one
 *   BENCH_REQUESTS            a fixed number of requests per row instead of a duration (the smoke test)
 *   BENCH_RESULTS_DIR=bench/results   where the JSON and Markdown results go
 *
 * The API and the baseline run as child processes, so the load generator does not share their
 * event loop.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { migrateAndSeed } from '../src/database/migrate-and-seed.js';
import { loadVolume, volumeFor } from './volume.js';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 2);
const SOLUTIONS = process.env.BENCH_SOLUTIONS === undefined ? undefined : Number(process.env.BENCH_SOLUTIONS);
const REQUESTS = process.env.BENCH_REQUESTS === undefined ? undefined : Number(process.env.BENCH_REQUESTS);
const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? 'bench/results';
const REPORT_CONNECTIONS = 4;

/** One measured row: reads under load, a report, or a write. */
export interface BenchRow {
  name: string;
  kind: 'baseline' | 'read' | 'report' | 'write';
  reqPerSec: number | null;
  p50Ms: number;
  p99Ms: number | null;
  /** req/s as a share of the bare node:http + pg baseline, for reads and writes under load. */
  ofBaseline: number | null;
  failed: number;
}

/** What `bench/results/*.json` holds. */
export interface BenchResults {
  startedAt: string;
  machine: { cores: number; cpu: string; node: string; postgres: string; platform: string };
  settings: {
    scale: number;
    connections: number;
    durationSeconds: number | null;
    requestsPerRow: number | null;
    warmUpSeconds: number | null;
  };
  data: Record<string, number>;
  rows: BenchRow[];
}
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
    const [{ version: postgres }]: { version: string }[] = await db.query(
      `SELECT current_setting('server_version') AS version`,
    );
    await db.destroy();
    const results: BenchResults = {
      startedAt: new Date().toISOString(),
      machine: {
        cores: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        postgres,
        platform: `${process.platform} ${process.arch}`,
      },
      settings: {
        scale: SCALE,
        connections: CONNECTIONS,
        durationSeconds: REQUESTS === undefined ? DURATION : null,
        requestsPerRow: REQUESTS ?? null,
        warmUpSeconds: REQUESTS === undefined ? WARM_UP : null,
      },
      data: counts[0],
      rows: [],
    };

    const apiPort = await freePort();
    const basePort = await freePort();
    const nestPort = await freePort();
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
          // Logging on, as in production: one line per request, written to /dev/null (a
          // terminal would measure itself, not the API).
          LOG_LEVEL: 'info',
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
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
      spawn(process.execPath, ['dist/bench/baseline.js'], {
        env: { ...process.env, DATABASE_URL: url, PORT: String(basePort) },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
      spawn(process.execPath, ['dist/bench/bare-nest.js'], {
        env: { ...process.env, DATABASE_URL: url, PORT: String(nestPort) },
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const api = `http://127.0.0.1:${apiPort}`;
    await waitFor(`${api}/api/v1/health`);
    await waitFor(`http://127.0.0.1:${basePort}/municipalities?limit=1`);
    await waitFor(`http://127.0.0.1:${nestPort}/municipalities?limit=1`);
    const token = await login(api);
    const auth = { Authorization: `Bearer ${token}` };

    const runs: [string, string, Record<string, string>][] = [
      [
        'baseline: node:http + pg, 50 municipalities',
        `http://127.0.0.1:${basePort}/municipalities?limit=50`,
        {},
      ],
      [
        'bare NestJS route (same SQL and pool), 50 municipalities',
        `http://127.0.0.1:${nestPort}/municipalities?limit=50`,
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
    let baseline = 0;
    for (const [i, [name, url, headers]] of runs.entries()) {
      // Unrecorded load first, so every server's JIT has compiled the route's code: without it the
      // API's first rows measured cold code (the baseline's is a few lines).
      await measure({ url, headers, connections: CONNECTIONS }, WARM_UP);
      const result = await measure({ url, headers, connections: CONNECTIONS });
      if (i === 0) baseline = result.requests.average;
      results.rows.push(loadRow(name, i === 0 ? 'baseline' : 'read', result, baseline));
      log(`  ${name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms`);
    }
    // A pilot's desk tool recording needs at the same load: each one judged against the catalogue in its write.
    const created = await measure({
      url: `${api}/api/v1/needs`,
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        municipalityId: targets.municipalityId,
        title: 'Bench: Starkregenschutz für die Ortsmitte',
      }),
      connections: CONNECTIONS,
    });
    results.rows.push(loadRow('POST /needs (create a need)', 'write', created, baseline));
    log(
      `\n${table(['endpoint', 'req/s', '% of bare', 'p50 ms', 'p99 ms', 'p99/p50', 'failed'], loadTable(results.rows))}`,
    );

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
    for (const [name, url, headers] of reportRuns) {
      const result = await measure({ url, headers, connections: REPORT_CONNECTIONS });
      results.rows.push({ ...loadRow(`GET /reports/${name}`, 'report', result, baseline), ofBaseline: null });
      log(`  ${name}: p99 ${result.latency.p99} ms`);
    }
    const exportStarted = performance.now();
    const exported = await fetch(`${api}/api/v1/exports/transfer-cases.csv`, { headers: auth });
    let exportedBytes = 0;
    for await (const chunk of exported.body ?? []) exportedBytes += (chunk as Uint8Array).length;
    results.rows.push({
      name: `GET /exports/transfer-cases.csv (every case, ${(exportedBytes / 2 ** 20).toFixed(0)} MB, one request)`,
      kind: 'report',
      reqPerSec: null,
      p50Ms: Math.round(performance.now() - exportStarted),
      p99Ms: null,
      ofBaseline: null,
      failed: exported.ok ? 0 : 1,
    });
    log(
      `\n${table(['report', 'req/s', 'p50 ms', 'p99 ms', 'p99 < 300', 'failed'], reportTable(results.rows))}`,
    );
    log(`(reports at ${REPORT_CONNECTIONS} connections)`);

    // Writes: a state system's batches of 1 000, one request at a time (no load).
    const single = (name: string, ms: number, status: number): BenchRow => ({
      name,
      kind: 'write',
      reqPerSec: null,
      p50Ms: Math.round(ms),
      p99Ms: null,
      ofBaseline: null,
      failed: status < 300 ? 0 : 1,
    });
    const timeBatch = async (name: string, resource: string, items: object[]) => {
      const started = performance.now();
      const res = await fetch(`${api}/api/v1/integrations/bench-system/${resource}:bulk`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      const ms = performance.now() - started;
      results.rows.push(single(`POST …/${name}`, ms, res.status));
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
    if (moves.length > 0) {
      results.rows.push(
        single(
          `POST /transfer-cases/{id}/transitions, ${moves.length} one after another: median`,
          moves[moves.length >> 1],
          200,
        ),
        single(
          `POST /transfer-cases/{id}/transitions, ${moves.length} one after another: slowest`,
          moves[moves.length - 1],
          200,
        ),
      );
    }
    const writeRows = results.rows.filter((r) => r.kind === 'write' && r.reqPerSec === null);
    log(
      `\n${table(
        ['write', 'ms', 'failed'],
        writeRows.map((r) => [r.name, String(r.p50Ms), String(r.failed)]),
      )}`,
    );
    log(
      `(${CONNECTIONS} connections, ${REQUESTS ? `${REQUESTS} requests` : `${DURATION} s`} each, scale ${SCALE}, ${results.startedAt})`,
    );
    const written = await writeResults(results);
    log(`results: ${written.join(', ')}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((done) => (c.exitCode !== null ? done(null) : c.once('exit', done)))),
    );
    await stopDatabase();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

/** One row of load: autocannon for `seconds` (BENCH_DURATION), or BENCH_REQUESTS requests. */
function measure(options: autocannon.Options, seconds = DURATION): Promise<autocannon.Result> {
  return autocannon({ ...options, ...(REQUESTS ? { amount: REQUESTS } : { duration: seconds }) });
}

function loadRow(
  name: string,
  kind: BenchRow['kind'],
  result: autocannon.Result,
  baseline: number,
): BenchRow {
  return {
    name,
    kind,
    reqPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ofBaseline: baseline > 0 ? Math.round((result.requests.average / baseline) * 1000) / 10 : null,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const ratio = (r: BenchRow) => (r.p99Ms !== null && r.p50Ms > 0 ? (r.p99Ms / r.p50Ms).toFixed(1) : '');

function loadTable(rows: BenchRow[]): string[][] {
  return rows
    .filter((r) => r.kind === 'baseline' || r.kind === 'read' || (r.kind === 'write' && r.reqPerSec !== null))
    .map((r) => [
      r.name,
      String(r.reqPerSec),
      r.ofBaseline === null ? '' : `${r.ofBaseline} %`,
      r.p50Ms.toFixed(1),
      (r.p99Ms ?? 0).toFixed(1),
      ratio(r),
      String(r.failed),
    ]);
}

function reportTable(rows: BenchRow[]): string[][] {
  return rows
    .filter((r) => r.kind === 'report')
    .map((r) => [
      r.name,
      r.reqPerSec === null ? '' : String(r.reqPerSec),
      String(Math.round(r.p50Ms)),
      r.p99Ms === null ? '' : String(Math.round(r.p99Ms)),
      r.p99Ms === null ? '' : r.p99Ms < 300 && r.failed === 0 ? 'yes' : 'NO',
      String(r.failed),
    ]);
}

/** The run as JSON (for comparing runs) and Markdown (for reading), named by scale and start time. */
async function writeResults(results: BenchResults): Promise<string[]> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const base = join(
    RESULTS_DIR,
    `bench-scale-${results.settings.scale}-${results.startedAt.replaceAll(':', '-')}`,
  );
  const m = results.machine;
  const markdown = [
    `# npm run bench, ${results.startedAt}`,
    '',
    `${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}, ${m.platform}; scale ${results.settings.scale} ` +
      `(${Object.entries(results.data)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}); ` +
      `${results.settings.connections} connections, ${results.settings.requestsPerRow ? `${results.settings.requestsPerRow} requests` : `${results.settings.durationSeconds} s`} per row.`,
    '',
    table(
      ['endpoint', 'req/s', '% of bare', 'p50 ms', 'p99 ms', 'p99/p50', 'failed'],
      loadTable(results.rows),
    ),
    '',
    `Reports at ${REPORT_CONNECTIONS} connections:`,
    '',
    table(['report', 'req/s', 'p50 ms', 'p99 ms', 'p99 < 300', 'failed'], reportTable(results.rows)),
    '',
    'Writes, one request at a time:',
    '',
    table(
      ['write', 'ms', 'failed'],
      results.rows
        .filter((r) => r.kind === 'write' && r.reqPerSec === null)
        .map((r) => [r.name, String(r.p50Ms), String(r.failed)]),
    ),
    '',
  ].join('\n');
  await writeFile(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(`${base}.md`, markdown);
  return [`${base}.json`, `${base}.md`];
}

async function pickTargets(
  db: DataSource,
): Promise<{ needId: string; caseId: string; regionId: string; municipalityId: string }> {
  const [need] = await db.query(
    `SELECT id FROM needs WHERE source = 'api' ORDER BY captured_at DESC LIMIT 1`,
  );
  const [region] = await db.query(`SELECT id FROM regions WHERE code = 'sachsen-dresden'`);
  const [transferCase] = await db.query(
    `SELECT id FROM transfer_cases WHERE region_id = $1 ORDER BY opened_at DESC LIMIT 1`,
    [region.id],
  );
  const [municipality] = await db.query(
    `SELECT id FROM municipalities WHERE region_id = $1 ORDER BY ags LIMIT 1`,
    [region.id],
  );
  return { needId: need.id, caseId: transferCase.id, regionId: region.id, municipalityId: municipality.id };
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
  // The rule as prettier writes it (figures right-aligned), so the results pass `prettier --check`.
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
