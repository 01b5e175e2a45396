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

export interface NeedFitsConfig {
  /** How often an instance judges again the needs' best fits that a catalogue change left stale; 0: never. */
  refreshIntervalMs: number;
  /** At most this many needs per round. */
  refreshPerRound: number;
}

/** Impact follow-ups by default: 6 and 12 months after an implementation (the demo seed's too). */
export const DEFAULT_FOLLOW_UP_MONTHS: readonly number[] = [6, 12];

export interface PracticeConfig {
  /** Impact follow-ups after an implementation, in months after its date (default 6 and 12). */
  followUpMonths: number[];
  /** Open needs a published or changed solution is weighed against for match alerts, at most. */
  alertCandidates: number;
}

export interface MetricsConfig {
  /** Bearer token Prometheus sends to scrape `GET /metrics`; unset: no metrics endpoint (404). */
  token: string | undefined;
  /** Also expose the Node.js process metrics (CPU, memory, event loop, garbage collection). */
  processMetrics: boolean;
}

export interface HttpConfig {
  /** A request body must have arrived this long after its headers, else 408. */
  bodyTimeoutMs: number;
  /** The whole request (headers and body) must have arrived within this (Node's `requestTimeout`). */
  requestTimeoutMs: number;
  /** The request headers must have arrived within this (Node's `headersTimeout`). */
  headersTimeoutMs: number;
  /**
   * Express' `trust proxy`: which hops in `X-Forwarded-For` are trusted, so that rate limits and
   * logs see the real client IP. false (default: connections come straight from clients), a number
   * of hops, or a comma list of addresses, subnets and `loopback`/`linklocal`/`uniquelocal`.
   */
  trustProxy: boolean | number | string;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins: string[];
  /** Strict-Transport-Security max-age; 0 (default) sends none — set it when TLS ends in front of the app. */
  hstsMaxAgeSeconds: number;
}

export interface DatabaseTimeouts {
  /** Connecting, and waiting for a free pooled connection, may take this long; then 503. */
  connectTimeoutMs: number;
  /** Postgres cancels a statement running longer (statement_timeout); the request gets 503. */
  statementTimeoutMs: number;
  /** Waiting for a row or table lock longer than this fails the statement (lock_timeout). */
  lockTimeoutMs: number;
  /** A transaction left idle this long is ended by Postgres (idle_in_transaction_session_timeout). */
  idleInTransactionTimeoutMs: number;
  /**
   * The driver gives up on an answer after this long even when the server cannot cancel (frozen,
   * unreachable): statement timeout plus a margin.
   */
  queryTimeoutMs: number;
}

export interface RateLimitConfig {
  /** Length of a rate-limit window. */
  windowSeconds: number;
  /** Requests per window for a signed-in person (by user id). */
  perUser: number;
  /** Requests per window for an API client (by client id). */
  perClient: number;
  /** Requests per window for callers without credentials (by IP). */
  perAnonymousIp: number;
  /** Calls to `/auth/*` per window from one IP. */
  authPerIp: number;
  /** Login attempts per account (email) in `authAccountWindowSeconds`. */
  loginsPerAccount: number;
  authAccountWindowSeconds: number;
  /** Expensive calls (suggestions, reports, exports) one instance serves at once; beyond: 503. */
  expensiveConcurrency: number;
  /** Expensive calls one caller may have running at once; beyond: 429. */
  expensivePerCaller: number;
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
  needFits: NeedFitsConfig;
  practice: PracticeConfig;
  auth: AuthConfig;
  metrics: MetricsConfig;
  http: HttpConfig;
  dbTimeouts: DatabaseTimeouts;
  rateLimits: RateLimitConfig;
}

export interface AuthConfig {
  /** HS256 key for access tokens; undefined only with the embedded database (a random key per start). */
  jwtSecret: string | undefined;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * How long an instance may serve a person's account from memory; a change of it reaches every
   * instance at its commit (LISTEN/NOTIFY). 0: read it on every request.
   */
  callerCacheTtlMs: number;
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

  const statementTimeoutMs = read.integer('DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000);
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
    needFits: {
      refreshIntervalMs: read.integer('NEED_FIT_REFRESH_INTERVAL_MS', 10_000, 0, 3_600_000),
      refreshPerRound: read.integer('NEED_FIT_REFRESH_PER_ROUND', 200, 1, 100_000),
    },
    practice: {
      followUpMonths: read.months('FOLLOW_UP_MONTHS', [...DEFAULT_FOLLOW_UP_MONTHS]),
      alertCandidates: read.integer('MATCH_ALERT_CANDIDATES', 30, 1, 1_000),
    },
    auth: {
      jwtSecret: read.secret('JWT_SECRET', 32),
      accessTokenTtlSeconds: read.integer('ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
      refreshTokenTtlSeconds: read.integer('REFRESH_TOKEN_TTL_SECONDS', 1_209_600, 300, 7_776_000),
      callerCacheTtlMs: read.integer('AUTH_CALLER_CACHE_TTL_MS', 5_000, 0, 300_000),
      bootstrapAdmin: read.adminCredentials('ADMIN_EMAIL', 'ADMIN_PASSWORD'),
    },
    metrics: {
      token: read.secret('METRICS_TOKEN', 16),
      processMetrics: read.boolean('METRICS_PROCESS', true),
    },
    http: {
      bodyTimeoutMs: read.integer('HTTP_BODY_TIMEOUT_MS', 10_000, 100, 300_000),
      requestTimeoutMs: read.integer('HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
      headersTimeoutMs: read.integer('HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 120_000),
      trustProxy: read.trustProxy('TRUST_PROXY'),
      corsOrigins: read.origins('CORS_ORIGINS'),
      hstsMaxAgeSeconds: read.integer('HSTS_MAX_AGE_SECONDS', 0, 0, 63_072_000),
    },
    dbTimeouts: {
      connectTimeoutMs: read.integer('DB_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
      statementTimeoutMs,
      lockTimeoutMs: read.integer('DB_LOCK_TIMEOUT_MS', 5_000, 50, 600_000),
      idleInTransactionTimeoutMs: read.integer('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 1_000, 3_600_000),
      // The driver's own limit only catches what Postgres cannot cancel itself.
      queryTimeoutMs: statementTimeoutMs + 2_000,
    },
    rateLimits: {
      windowSeconds: read.integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3_600),
      perUser: read.integer('RATE_LIMIT_PER_USER', 600, 1, 10_000_000),
      perClient: read.integer('RATE_LIMIT_PER_CLIENT', 1_200, 1, 10_000_000),
      perAnonymousIp: read.integer('RATE_LIMIT_PER_ANONYMOUS_IP', 120, 1, 10_000_000),
      authPerIp: read.integer('RATE_LIMIT_AUTH_PER_IP', 30, 1, 10_000_000),
      loginsPerAccount: read.integer('RATE_LIMIT_LOGINS_PER_ACCOUNT', 10, 1, 10_000_000),
      authAccountWindowSeconds: read.integer('RATE_LIMIT_LOGINS_WINDOW_SECONDS', 900, 1, 86_400),
      expensiveConcurrency: read.integer('EXPENSIVE_CONCURRENCY', 8, 1, 1_000),
      expensivePerCaller: read.integer('EXPENSIVE_PER_CALLER', 2, 1, 1_000),
    },
  };
  if (config.http.requestTimeoutMs <= config.http.bodyTimeoutMs) {
    problems.push('HTTP_REQUEST_TIMEOUT_MS must be greater than HTTP_BODY_TIMEOUT_MS');
  }
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

  /** A comma list of distinct month counts (1–120), in ascending order. */
  months(name: string, fallback: number[]): number[] {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const months = value.split(',').map((entry) => entry.trim());
    const valid =
      months.length > 0 &&
      months.length <= 12 &&
      months.every(
        (m, i) =>
          /^\d{1,3}$/.test(m) &&
          Number(m) >= 1 &&
          Number(m) <= 120 &&
          (i === 0 || Number(m) > Number(months[i - 1])),
      );
    if (!valid) {
      this.problems.push(
        `${name} must be a comma list of ascending month counts between 1 and 120, like 6,12, got "${value}"`,
      );
      return fallback;
    }
    return months.map(Number);
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

  trustProxy(name: string): boolean | number | string {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d{1,2}$/.test(value)) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    const valid = entries.every(
      (entry) =>
        ['loopback', 'linklocal', 'uniquelocal'].includes(entry) || /^[0-9a-f:.]+(\/\d{1,3})?$/.test(entry),
    );
    if (!valid) {
      this.problems.push(
        `${name} must be true, false, a number of hops or a comma list of addresses/subnets, got "${value}"`,
      );
      return false;
    }
    return entries.join(',');
  }

  origins(name: string): string[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const origins = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const origin of origins) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      if (!parsed || parsed.origin !== origin) {
        this.problems.push(
          `${name} must list origins like https://desk.example.de (no path, no slash), got "${origin}"`,
        );
      }
    }
    return origins;
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
