import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { migrateAndSeed } from '../../src/database/migrate-and-seed.js';

export interface TestApp {
  app: INestApplication;
  /** supertest agent bound to the running app */
  http: ReturnType<typeof request>;
  db: DataSource;
  /** the URL of this file's own database */
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  seed?: boolean;
  env?: Record<string, string>;
}

/**
 * The real application (same factory as `main.ts`) on a database of its own, created for the
 * calling test file on the run's PostgreSQL server and dropped by `close()`.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', DB_POOL_SIZE: '5', ...options.env });
  const app = await createApp(config, databaseUrl);
  const db = app.get(DataSource);
  await migrateAndSeed(db, { migrate: true, seed: options.seed ?? false });
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    db,
    databaseUrl,
    close: async () => {
      await app.close();
      await dropTestDatabase(databaseUrl);
    },
  };
}

export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl)
    throw new Error('TEST_DATABASE_URL is not set; run the e2e tests through jest (global setup)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
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
