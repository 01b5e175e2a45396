/**
 * Configuration comes from environment variables only and is validated once at start-up, so a
 * typo in a deployment stops the process with a message naming the variable instead of
 * surfacing later as a confusing runtime error.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SEED_MODES = ['auto', 'true', 'false'] as const;
export type SeedMode = (typeof SEED_MODES)[number];

export interface IdempotencyConfig {
  /** How long a key is kept: its answer replayed, another request under it refused. */
  ttlSeconds: number;
  /** How long a retry waits for the request still working on its key before a 409. */
  waitMs: number;
}

export interface WebhooksConfig {
  /** Deliver webhooks from this instance (dispatch and send); the API serves subscriptions either way. */
  deliver: boolean;
  /** Allow targets on loopback and private networks, and plain http (development, tests, on-premise receivers). */
  allowPrivateTargets: boolean;
  /** How long one delivery attempt may take, connect to last byte. */
  timeoutMs: number;
  /** First retry after about this long; each further one waits about twice as long (with jitter). */
  retryDelaySeconds: number;
  retryLimit: number;
  /** A subscription whose deliveries have failed this long without one success is paused. */
  pauseAfterSeconds: number;
  /** How often an instance looks for new changes to hand to subscriptions. */
  dispatchIntervalMs: number;
  /** Deliveries sent at once by one instance. */
  concurrency: number;
  /** Deliveries and their attempts are kept this long. */
  retentionDays: number;
}

export interface ReportsConfig {
  /** A solution is suggested for a transfer team when at least this many open cases ask for it… */
  teamMinOpenCases: number;
  /** …in at least this many distinct regions (demand from one region is a pilot's work, not a team's). */
  teamMinRegions: number;
  /**
   * Stage-duration percentiles of a group of at most this many stays are computed exactly from
   * the stays; larger groups are interpolated from the rollup's histogram (within about 1 %).
   */
  exactPercentilesUpTo: number;
}

export interface AppConfig {
  /** External PostgreSQL server; when absent an embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  host: string;
  port: number;
  /** Folder holding the embedded PostgreSQL cluster. */
  dataDir: string;
  embeddedDbPort: number;
  logLevel: LogLevel;
  runMigrations: boolean;
  /** `auto` seeds demo data only when the embedded cluster was created by this start. */
  seedDemoData: SeedMode;
  dbPoolSize: number;
  idempotency: IdempotencyConfig;
  webhooks: WebhooksConfig;
  reports: ReportsConfig;
  auth: AuthConfig;
}

export interface AuthConfig {
  /** HS256 key for access tokens; undefined only with the embedded database (a random key per start). */
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** First admin, created at start when no user has this email. */
  bootstrapAdmin: { email: string; password: string } | undefined;
}

export const MIN_PASSWORD_LENGTH = 12;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const config: AppConfig = {
    databaseUrl: read.postgresUrl('DATABASE_URL'),
    host: read.string('HOST', '0.0.0.0'),
    port: read.port('PORT', 3000),
    dataDir: read.string('DATA_DIR', '.data'),
    embeddedDbPort: read.port('EMBEDDED_DB_PORT', 54329),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    runMigrations: read.boolean('RUN_MIGRATIONS', true),
    seedDemoData: read.oneOf('SEED_DEMO_DATA', SEED_MODES, 'auto'),
    dbPoolSize: read.integer('DB_POOL_SIZE', 10, 1, 200),
    idempotency: {
      ttlSeconds: read.integer('IDEMPOTENCY_KEY_TTL_SECONDS', 86_400, 60, 2_592_000),
      waitMs: read.integer('IDEMPOTENCY_WAIT_MS', 10_000, 0, 60_000),
    },
    webhooks: {
      deliver: read.boolean('WEBHOOK_DELIVERY', true),
      allowPrivateTargets: read.boolean('WEBHOOK_ALLOW_PRIVATE_TARGETS', false),
      timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retryDelaySeconds: read.integer('WEBHOOK_RETRY_DELAY_SECONDS', 30, 1, 3_600),
      retryLimit: read.integer('WEBHOOK_RETRY_LIMIT', 15, 0, 100),
      pauseAfterSeconds: read.integer('WEBHOOK_PAUSE_AFTER_SECONDS', 86_400, 60, 2_592_000),
      dispatchIntervalMs: read.integer('WEBHOOK_DISPATCH_INTERVAL_MS', 1_000, 50, 60_000),
      concurrency: read.integer('WEBHOOK_CONCURRENCY', 4, 1, 64),
      retentionDays: read.integer('WEBHOOK_RETENTION_DAYS', 30, 1, 365),
    },
    reports: {
      teamMinOpenCases: read.integer('REPORT_TEAM_MIN_OPEN_CASES', 5, 1, 100_000),
      teamMinRegions: read.integer('REPORT_TEAM_MIN_REGIONS', 3, 1, 1_000),
      exactPercentilesUpTo: read.integer('REPORT_EXACT_PERCENTILES_UP_TO', 100, 0, 100_000),
    },
    auth: {
      jwtSecret: read.secret('JWT_SECRET', 32),
      accessTokenTtlSeconds: read.integer('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
      refreshTokenTtlSeconds: read.integer('REFRESH_TOKEN_TTL_SECONDS', 1_209_600, 300, 7_776_000),
      bootstrapAdmin: read.adminCredentials('ADMIN_EMAIL', 'ADMIN_PASSWORD'),
    },
  };
  if (config.databaseUrl && !config.auth.jwtSecret) {
    problems.push('JWT_SECRET must be set (at least 32 characters) when DATABASE_URL is set');
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
      return fallback;
    }
    return Number(value);
  }

  port(name: string, fallback: number): number {
    return this.integer(name, fallback, 1, 65535);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    this.problems.push(`${name} must be true or false, got "${value}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${value}"`);
    return fallback;
  }

  /** Never echoes the value. */
  secret(name: string, minLength: number): string | undefined {
    const value = this.raw(name);
    if (value !== undefined && value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters long`);
      return undefined;
    }
    return value;
  }

  adminCredentials(emailName: string, passwordName: string): { email: string; password: string } | undefined {
    const email = this.raw(emailName);
    const password = this.raw(passwordName);
    if (email === undefined && password === undefined) return undefined;
    if (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email)) {
      this.problems.push(`${emailName} must be an email address when ${passwordName} is set`);
      return undefined;
    }
    if (password === undefined || password.length < MIN_PASSWORD_LENGTH) {
      this.problems.push(
        `${passwordName} must be at least ${MIN_PASSWORD_LENGTH} characters long when ${emailName} is set`,
      );
      return undefined;
    }
    return { email: email.toLowerCase(), password };
  }

  postgresUrl(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || !['postgres:', 'postgresql:'].includes(url.protocol)) {
      // The value may carry a password, so it is not echoed.
      this.problems.push(`${name} must be a postgres:// or postgresql:// URL`);
      return undefined;
    }
    return value;
  }
}
