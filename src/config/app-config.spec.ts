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
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/app',
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
