import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { connectDatabase, type DatabaseConnection } from './database/database-connection.js';
import { migrateAndSeed } from './database/migrate-and-seed.js';
import { DEMO_USERS } from './database/seed/demo-data.js';
import { UsersService } from './users/index.js';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const log = pino({ level: config.logLevel, name: 'bootstrap' });

  let database: DatabaseConnection | undefined;
  let app: INestApplication | undefined;
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string, exitCode: number) =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      // The HTTP server stops accepting and drains first; only then may its database go away.
      await app?.close().catch((error: unknown) => log.error({ err: error }, 'closing the app failed'));
      await database
        ?.close()
        .catch((error: unknown) => log.error({ err: error }, 'stopping postgres failed'));
      log.info('stopped');
      process.exit(exitCode);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal, 0));

  try {
    if (!config.databaseUrl)
      log.info({ dataDir: config.dataDir, port: config.embeddedDbPort }, 'starting embedded PostgreSQL');
    database = await connectDatabase(config, (line) => log.debug({ postgres: line.trim() }));
    // Without its database the app can only answer 503; a supervisor (systemd, Kubernetes,
    // docker's restart policy) restarts the whole, which brings postgres back with its data.
    database.onUnexpectedExit((code, signal) => {
      log.fatal(
        { code, signal },
        'the embedded PostgreSQL exited; stopping so that a supervisor restarts the app',
      );
      void shutdown('embedded postgres exited', 1);
    });
    app = await createApp(config, database.url);

    const seed =
      config.seedDemoData === 'true' || (config.seedDemoData === 'auto' && database.freshlyCreated);
    if (config.runMigrations || seed) {
      const { applied, seeded } = await migrateAndSeed(app.get(DataSource), {
        migrate: config.runMigrations,
        seed: seed ? { demoUsers: database.embedded } : false,
      });
      log.info({ migrations: applied.map((m) => m.name), seeded }, 'database ready');
    }

    if (config.auth.bootstrapAdmin && (await app.get(UsersService).ensureAdmin(config.auth.bootstrapAdmin))) {
      log.info({ email: config.auth.bootstrapAdmin.email }, 'created the first admin from ADMIN_EMAIL');
    }
    if (!config.auth.jwtSecret)
      log.warn('JWT_SECRET is not set: using a random key, logins end with a restart');

    await app.listen(config.port, config.host);
    log.info(
      { url: `http://localhost:${config.port}/api/v1`, docs: `http://localhost:${config.port}/api/docs` },
      `listening on ${config.host}:${config.port}${database.embedded ? ' (embedded PostgreSQL)' : ''}`,
    );
    // The playground's demo users exist only on the embedded database (see the README).
    if (database.embedded)
      log.info(
        { demoLogins: DEMO_USERS.map(({ email, password, role }) => ({ role, email, password })) },
        'demo logins (POST /api/v1/auth/login)',
      );
  } catch (error) {
    log.fatal({ err: error }, 'start-up failed');
    await shutdown('start-up failed', 1);
  }
}

void bootstrap();
