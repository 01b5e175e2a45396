import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('uses documented defaults when nothing is set', () => {
    expect(loadConfig({})).toEqual({
      databaseUrl: undefined,
      host: '0.0.0.0',
      port: 3000,
      dataDir: '.data',
      embeddedDbPort: 54329,
      logLevel: 'info',
      runMigrations: true,
      seedDemoData: 'auto',
      dbPoolSize: 10,
      idempotency: { ttlSeconds: 86_400, waitMs: 10_000 },
      webhooks: {
        deliver: true,
        allowPrivateTargets: false,
        timeoutMs: 10_000,
        retryDelaySeconds: 30,
        retryLimit: 15,
        pauseAfterSeconds: 86_400,
        dispatchIntervalMs: 1_000,
        concurrency: 4,
        retentionDays: 30,
      },
      reports: { teamMinOpenCases: 5, teamMinRegions: 3, exactPercentilesUpTo: 100 },
      needFits: { refreshIntervalMs: 10_000, refreshPerRound: 200 },
      practice: { followUpMonths: [6, 12], alertCandidates: 30 },
      auth: {
        jwtSecret: undefined,
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 1_209_600,
        callerCacheTtlMs: 5_000,
        bootstrapAdmin: undefined,
      },
      metrics: { token: undefined, processMetrics: true },
      http: {
        bodyTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        headersTimeoutMs: 10_000,
        trustProxy: false,
        corsOrigins: [],
        hstsMaxAgeSeconds: 0,
      },
      dbTimeouts: {
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 15_000,
        lockTimeoutMs: 5_000,
        idleInTransactionTimeoutMs: 30_000,
        queryTimeoutMs: 17_000,
      },
      rateLimits: {
        windowSeconds: 60,
        perUser: 600,
        perClient: 1_200,
        perAnonymousIp: 120,
        authPerIp: 30,
        loginsPerAccount: 10,
        authAccountWindowSeconds: 900,
        expensiveConcurrency: 8,
        expensivePerCaller: 2,
      },
    });
  });

  it('reads the database timeouts; the driver gives up 2 s after the statement timeout', () => {
    const { dbTimeouts } = loadConfig({
      DB_CONNECT_TIMEOUT_MS: '1000',
      DB_STATEMENT_TIMEOUT_MS: '4000',
      DB_LOCK_TIMEOUT_MS: '500',
      DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '9000',
    });
    expect(dbTimeouts).toEqual({
      connectTimeoutMs: 1000,
      statementTimeoutMs: 4000,
      lockTimeoutMs: 500,
      idleInTransactionTimeoutMs: 9000,
      queryTimeoutMs: 6000,
    });
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '0' })).toThrow(
      /DB_STATEMENT_TIMEOUT_MS must be an integer/,
    );
  });

  it('reads the HTTP settings: trusted proxies, CORS origins, HSTS, timeouts', () => {
    const { http } = loadConfig({
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      CORS_ORIGINS: 'https://desk.example.de, http://localhost:5173',
      HSTS_MAX_AGE_SECONDS: '31536000',
      HTTP_BODY_TIMEOUT_MS: '5000',
    });
    expect(http).toMatchObject({
      trustProxy: 'loopback,10.0.0.0/8',
      corsOrigins: ['https://desk.example.de', 'http://localhost:5173'],
      hstsMaxAgeSeconds: 31_536_000,
      bodyTimeoutMs: 5000,
    });
    expect(loadConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY must be/);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://desk.example.de/' })).toThrow(
      /CORS_ORIGINS must list origins/,
    );
    expect(() => loadConfig({ HTTP_BODY_TIMEOUT_MS: '40000' })).toThrow(
      /HTTP_REQUEST_TIMEOUT_MS must be greater than HTTP_BODY_TIMEOUT_MS/,
    );
  });

  it('reads the rate limits, and names each one out of bounds', () => {
    const { rateLimits } = loadConfig({ RATE_LIMIT_PER_USER: '50', EXPENSIVE_PER_CALLER: '1' });
    expect(rateLimits).toMatchObject({ perUser: 50, expensivePerCaller: 1 });
    expect(() => loadConfig({ RATE_LIMIT_PER_CLIENT: '0' })).toThrow(
      /RATE_LIMIT_PER_CLIENT must be an integer/,
    );
  });

  it('reads the metrics token, refuses one shorter than 16 characters without echoing it', () => {
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(16), METRICS_PROCESS: 'false' }).metrics).toEqual({
      token: 'm'.repeat(16),
      processMetrics: false,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'short-token' })).toThrow(
      /METRICS_TOKEN must be at least 16 characters long/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'short-token' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('short-token') }),
    );
  });

  it('reads the webhook settings, and names each one out of bounds', () => {
    expect(
      loadConfig({
        WEBHOOK_DELIVERY: 'false',
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_PAUSE_AFTER_SECONDS: '3600',
        WEBHOOK_RETRY_DELAY_SECONDS: '5',
      }).webhooks,
    ).toMatchObject({
      deliver: false,
      allowPrivateTargets: true,
      pauseAfterSeconds: 3600,
      retryDelaySeconds: 5,
    });
    expect(() =>
      loadConfig({ WEBHOOK_TIMEOUT_MS: '50', WEBHOOK_CONCURRENCY: '0', WEBHOOK_DELIVERY: 'maybe' }),
    ).toThrow(
      /WEBHOOK_DELIVERY must be true or false.*\n.*WEBHOOK_TIMEOUT_MS must be an integer between 100 and 60000.*\n.*WEBHOOK_CONCURRENCY must be an integer between 1 and 64/s,
    );
  });

  it('reads the transfer-team thresholds of the demand report, and names each one out of bounds', () => {
    expect(loadConfig({ REPORT_TEAM_MIN_OPEN_CASES: '8', REPORT_TEAM_MIN_REGIONS: '1' }).reports).toEqual({
      teamMinOpenCases: 8,
      teamMinRegions: 1,
      exactPercentilesUpTo: 100,
    });
    expect(() => loadConfig({ REPORT_TEAM_MIN_OPEN_CASES: '0', REPORT_TEAM_MIN_REGIONS: 'three' })).toThrow(
      /REPORT_TEAM_MIN_OPEN_CASES must be an integer between 1 and 100000.*\n.*REPORT_TEAM_MIN_REGIONS must be an integer between 1 and 1000/s,
    );
  });

  it('reads how often and how much the fits of needs are refreshed, 0 for never, and names each one out of bounds', () => {
    expect(
      loadConfig({ NEED_FIT_REFRESH_INTERVAL_MS: '0', NEED_FIT_REFRESH_PER_ROUND: '50' }).needFits,
    ).toEqual({
      refreshIntervalMs: 0,
      refreshPerRound: 50,
    });
    expect(() => loadConfig({ NEED_FIT_REFRESH_INTERVAL_MS: '-1', NEED_FIT_REFRESH_PER_ROUND: '0' })).toThrow(
      /NEED_FIT_REFRESH_INTERVAL_MS must be an integer between 0 and 3600000.*\n.*NEED_FIT_REFRESH_PER_ROUND must be an integer between 1 and 100000/s,
    );
  });

  it('reads the follow-up months as an ascending list and refuses anything else', () => {
    expect(loadConfig({ FOLLOW_UP_MONTHS: '3, 6,24', MATCH_ALERT_CANDIDATES: '5' }).practice).toEqual({
      followUpMonths: [3, 6, 24],
      alertCandidates: 5,
    });
    for (const bad of ['12,6', '6,6', '0', '6;12', '121', 'sechs']) {
      expect(() => loadConfig({ FOLLOW_UP_MONTHS: bad })).toThrow(/FOLLOW_UP_MONTHS must be a comma list/);
    }
  });

  it('reads up to how many stays a stage-duration percentile is exact, 0 for always interpolated', () => {
    expect(loadConfig({ REPORT_EXACT_PERCENTILES_UP_TO: '0' }).reports.exactPercentilesUpTo).toBe(0);
    expect(() => loadConfig({ REPORT_EXACT_PERCENTILES_UP_TO: '-1' })).toThrow(
      /REPORT_EXACT_PERCENTILES_UP_TO must be an integer between 0 and 100000/,
    );
  });

  it('reads the Idempotency-Key lifetime and wait, within bounds', () => {
    expect(
      loadConfig({ IDEMPOTENCY_KEY_TTL_SECONDS: '3600', IDEMPOTENCY_WAIT_MS: '250' }).idempotency,
    ).toEqual({
      ttlSeconds: 3600,
      waitMs: 250,
    });
    expect(() => loadConfig({ IDEMPOTENCY_KEY_TTL_SECONDS: '10' })).toThrow(
      /IDEMPOTENCY_KEY_TTL_SECONDS must be an integer/,
    );
  });

  it('requires JWT_SECRET with an external database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db/app' })).toThrow(/JWT_SECRET must be set/);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u:p@db/app', JWT_SECRET: 'k'.repeat(32) }).auth.jwtSecret,
    ).toBe('k'.repeat(32));
  });

  it('refuses a short JWT_SECRET without echoing it', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('short-secret') }),
    );
  });

  it('reads the bootstrap admin only as a complete, valid pair', () => {
    expect(
      loadConfig({ ADMIN_EMAIL: 'Admin@Example.org', ADMIN_PASSWORD: 'a-long-password' }).auth.bootstrapAdmin,
    ).toEqual({
      email: 'admin@example.org',
      password: 'a-long-password',
    });
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.org' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'a-long-password' })).toThrow(/ADMIN_EMAIL/);
    expect(() => loadConfig({ ADMIN_EMAIL: 'admin@example.org', ADMIN_PASSWORD: 'short' })).toThrow(
      /ADMIN_PASSWORD/,
    );
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/app',
      JWT_SECRET: 'x'.repeat(40),
      HOST: '127.0.0.1',
      PORT: '8080',
      DATA_DIR: '/var/lib/ts',
      EMBEDDED_DB_PORT: '6000',
      LOG_LEVEL: 'DEBUG',
      RUN_MIGRATIONS: 'false',
      SEED_DEMO_DATA: 'true',
      DB_POOL_SIZE: '20',
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/app',
      host: '127.0.0.1',
      port: 8080,
      dataDir: '/var/lib/ts',
      embeddedDbPort: 6000,
      logLevel: 'debug',
      runMigrations: false,
      seedDemoData: 'true',
      dbPoolSize: 20,
    });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '  ' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['EMBEDDED_DB_PORT', '0'],
    ['LOG_LEVEL', 'loud'],
    ['RUN_MIGRATIONS', 'maybe'],
    ['SEED_DEMO_DATA', 'yes'],
    ['DB_POOL_SIZE', '-1'],
    ['METRICS_PROCESS', 'sometimes'],
    ['ACCESS_TOKEN_TTL_SECONDS', '5'],
    ['REFRESH_TOKEN_TTL_SECONDS', 'forever'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
  ])('rejects %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('never echoes a database password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@host/db' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('s3cret') }),
    );
  });
});
