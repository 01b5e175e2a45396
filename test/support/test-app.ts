import type { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { dataSourceOptions } from '../../src/database/data-source-options.js';
import { migrateAndSeed } from '../../src/database/migrate-and-seed.js';
import type { Role } from '../../src/auth/index.js';
import { UsersService } from '../../src/users/index.js';
import { watchWrites } from './change-records.js';
import { reportChecked, watchResponses } from './openapi-contract.js';
import { projectionDrift } from './report-projections.js';
import { solutionTermsDrift } from './solution-terms.js';

export type Agent = ReturnType<typeof request.agent>;

export const TEST_ADMIN = { email: 'admin@test.local', password: 'test-admin-password' };
export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestApp {
  app: INestApplication;
  /** supertest agent authenticated as the bootstrap admin */
  http: Agent;
  /** supertest without credentials */
  anon: ReturnType<typeof request>;
  db: DataSource;
  /** the URL of this file's own database */
  databaseUrl: string;
  /** A new user of this role (pilots with their regions), logged in. */
  userAgent(role: Role, regionIds?: string[]): Promise<Agent>;
  /** A new API client with these rights; the agent sends its key as `X-API-Key`. */
  clientAgent(rights: {
    scopes: string[];
    stateCodes?: string[];
    regionIds?: string[];
    systems?: string[];
  }): Promise<Agent>;
  bearer(token: string): Agent;
  /**
   * Closes the app and drops its database, after checking every write's change record
   * (change-records.ts), the report projections against their sources (report-projections.ts)
   * and every response against the OpenAPI document (openapi-contract.ts).
   */
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  env?: Record<string, string>;
  logStream?: NodeJS.WritableStream;
}

/**
 * Every test logs in and calls from 127.0.0.1, many times a second: the limits are out of reach
 * unless a test is about them (rate-limits.e2e-spec.ts).
 */
export const NO_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_PER_USER: '10000000',
  RATE_LIMIT_PER_CLIENT: '10000000',
  RATE_LIMIT_PER_ANONYMOUS_IP: '10000000',
  RATE_LIMIT_AUTH_PER_IP: '10000000',
  RATE_LIMIT_LOGINS_PER_ACCOUNT: '10000000',
  EXPENSIVE_CONCURRENCY: '1000',
  EXPENSIVE_PER_CALLER: '1000',
};

let sequence = 0;

/**
 * The real application (same factory as `main.ts`) on a database of its own, created for the
 * calling test file on the run's PostgreSQL server and dropped by `close()`.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    JWT_SECRET: TEST_JWT_SECRET,
    // Webhook delivery polls the database in the background: off unless a test is about it, so
    // the statements a test counts (query-log.ts) are its request's alone.
    WEBHOOK_DELIVERY: 'false',
    // So is the refresh of the needs' fits; need-fits.e2e-spec.ts runs its rounds itself.
    NEED_FIT_REFRESH_INTERVAL_MS: '0',
    // Fixtures of 200 000 rows are loaded through the app's pool (`t.db`) in statements longer
    // than a request may take; database-faults.e2e-spec.ts runs with the short timeouts.
    DB_STATEMENT_TIMEOUT_MS: '600000',
    ...NO_RATE_LIMITS,
    ...options.env,
  });
  const app = await createApp(config, databaseUrl, { logStream: options.logStream });
  const writes = watchWrites(app);
  const responses = watchResponses(app);
  const db = app.get(DataSource);
  await migrateAndSeed(db, { migrate: true, seed: options.seed ? { demoUsers: true } : false });
  await app.get(UsersService).ensureAdmin(TEST_ADMIN);
  await app.init();
  const server = app.getHttpServer();

  const bearer = (token: string) => request.agent(server).set('Authorization', `Bearer ${token}`);
  const login = async (email: string, password: string) => {
    const res = await request(server).post('/api/v1/auth/login').send({ email, password }).expect(200);
    return res.body.accessToken as string;
  };
  const http = bearer(await login(TEST_ADMIN.email, TEST_ADMIN.password));

  return {
    app,
    http,
    anon: request(server),
    db,
    databaseUrl,
    bearer,
    async userAgent(role, regionIds = []) {
      const email = `${role}-${++sequence}-${randomBytes(3).toString('hex')}@test.local`;
      const password = `password-of-${email}`;
      await http
        .post('/api/v1/users')
        .send({ email, name: `Test ${role}`, role, password, regionIds })
        .expect(201);
      return bearer(await login(email, password));
    },
    async clientAgent(rights) {
      const res = await http
        .post('/api/v1/api-clients')
        .send({ name: `Test client ${++sequence}`, ...rights })
        .expect(201);
      return request.agent(server).set('X-API-Key', res.body.key);
    },
    close: async () => {
      try {
        const violations = await writes.violations(db);
        if (violations.length > 0) {
          throw new Error(`writes that broke the write path's promise:\n${violations.join('\n')}`);
        }
        const drift = await projectionDrift(db);
        if (drift.length > 0) {
          throw new Error(`report projections that differ from their sources:\n${drift.join('\n')}`);
        }
        const termDrift = await solutionTermsDrift(db);
        if (termDrift.length > 0) {
          throw new Error(`the catalogue's term index differs from the solutions:\n${termDrift.join('\n')}`);
        }
        reportChecked(expect.getState().testPath ?? 'unknown', responses.checked());
        const mismatches = [...new Set(responses.violations())];
        if (mismatches.length > 0) {
          throw new Error(`responses that differ from the OpenAPI document:\n${mismatches.join('\n')}`);
        }
      } finally {
        await app.close();
        await dropTestDatabase(databaseUrl);
      }
    },
  };
}

/**
 * Another instance of the application on an existing test database: a second server beside the
 * first, or the first one restarted. The caller closes it.
 */
export async function startInstance(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '5',
    JWT_SECRET: TEST_JWT_SECRET,
    ...NO_RATE_LIMITS,
    ...env,
  });
  const app = await createApp(config, databaseUrl);
  await app.init();
  return app;
}

/**
 * A database of its own for the calling test file: a copy of the run's migrated template (see
 * `migratedTemplate`), or with `migrated: false` an empty one (for the migrations' own test).
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? null : await migratedTemplate();
  await withAdmin((client) =>
    client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`),
  );
  return urlOf(name);
}

function urlOf(database: string): string {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl)
    throw new Error('TEST_DATABASE_URL is not set; run the e2e tests through jest (global setup)');
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Every test file starts from the migrated schema; running all migrations per file (the synonym
 * table alone takes seconds) cost more than copying a database migrated once per run. The
 * template's name carries a hash of the migrations and the data they load, so a server kept
 * between runs (TEST_DATABASE_URL) never serves a template of other migrations. Made under an
 * advisory lock: jest's workers may ask at once.
 */
async function migratedTemplate(): Promise<string> {
  const template = `test_template_${migrationsHash()}`;
  return withAdmin(async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['test-template']);
    try {
      const { rows } = await client.query('SELECT datistemplate FROM pg_database WHERE datname = $1', [
        template,
      ]);
      if (rows[0]?.datistemplate) return template;
      // Left half-made by a run that was stopped.
      if (rows.length > 0) await client.query(`DROP DATABASE ${template} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${template}`);
      const db = await new DataSource(dataSourceOptions(urlOf(template), 1)).initialize();
      try {
        await db.runMigrations();
      } finally {
        await db.destroy();
      }
      await client.query(`ALTER DATABASE ${template} IS_TEMPLATE true`);
      return template;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['test-template']);
    }
  });
}

function migrationsHash(): string {
  const root = new URL('../../', import.meta.url);
  const hash = createHash('sha256');
  for (const file of readdirSync(new URL('migrations/', root)).sort())
    hash.update(file).update(readFileSync(new URL(`migrations/${file}`, root)));
  hash.update(readFileSync(new URL('data/synonyms/synonyms.txt', root)));
  return hash.digest('hex').slice(0, 16);
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Counts rows, for asserting that a refused request stored nothing. */
export async function countRows(db: DataSource, table: string): Promise<number> {
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM ${table}`);
  return count;
}

export const PROBLEM_JSON = /^application\/problem\+json/;
