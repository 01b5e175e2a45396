import { Writable } from 'node:stream';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Collects every log line the app writes. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

describe('secrets never leave the service', () => {
  let t: TestApp;
  const logs = new LogCapture();
  const bodies: string[] = [];
  const secrets: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'trace' }, logStream: logs });
  });
  afterAll(() => t.close());

  it('shows no password, password hash, token or key in any response or log line', async () => {
    const record = <R extends { text: string }>(res: R): R => {
      bodies.push(res.text);
      return res;
    };
    const password = 'a-very-secret-password';
    secrets.push(password);
    const user = record(
      await t.http
        .post('/api/v1/users')
        .send({ email: 's@test.local', name: 'S', role: 'lotse', password })
        .expect(201),
    );
    record(
      await t.anon.post('/api/v1/auth/login').send({ email: 's@test.local', password: 'wrong-password-x' }),
    );
    secrets.push('wrong-password-x');
    // Responses that issue a token or key carry it by design; they are checked for hashes only.
    const issuing: string[] = [];
    const issue = (res: { text: string; body: Record<string, string> }) => {
      issuing.push(res.text);
      return res;
    };
    const login = issue(
      await t.anon.post('/api/v1/auth/login').send({ email: 's@test.local', password }).expect(200),
    ).body;
    secrets.push(login.accessToken, login.refreshToken);
    const refreshed = issue(
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: login.refreshToken }).expect(200),
    ).body;
    secrets.push(refreshed.accessToken, refreshed.refreshToken);
    record(await t.bearer(refreshed.accessToken).get('/api/v1/auth/me').expect(200));
    record(await t.http.get(`/api/v1/users/${user.body.id}`).expect(200));
    record(await t.http.get('/api/v1/users').expect(200));
    record(
      await t.http
        .patch(`/api/v1/users/${user.body.id}`)
        .send({ password: 'another-secret-pass' })
        .expect(200),
    );
    secrets.push('another-secret-pass');

    const client = await t.http
      .post('/api/v1/api-clients')
      .send({ name: 'Sachsen', scopes: ['regions:read'] });
    const key: string = client.body.key;
    secrets.push(key);
    record(await t.anon.get('/api/v1/regions').set('X-API-Key', key).expect(200));
    record(await t.anon.get('/api/v1/regions').set('Authorization', `Bearer ${key}`).expect(200));
    record(await t.http.get(`/api/v1/api-clients/${client.body.id}`).expect(200));
    record(await t.http.get('/api/v1/api-clients').expect(200));
    const rotated = issue(await t.http.post(`/api/v1/api-clients/${client.body.id}/key`).expect(200));
    secrets.push(rotated.body.key);

    const [{ password_hash: hash }] = await t.db.query('SELECT password_hash FROM users WHERE id = $1', [
      user.body.id,
    ]);
    const stored: { key_hash: string }[] = await t.db.query('SELECT key_hash FROM api_clients');
    const hashes = [hash, ...stored.map((s) => s.key_hash)];

    expect(logs.lines.length).toBeGreaterThan(10);
    const logText = logs.lines.join('\n');
    for (const secret of [...secrets, ...hashes]) {
      expect({ secret, inLogs: logText.includes(secret) }).toEqual({ secret, inLogs: false });
    }
    for (const body of bodies) {
      for (const secret of [...secrets, ...hashes]) {
        expect({ secret, inBody: body.includes(secret) }).toEqual({ secret, inBody: false });
      }
      expect(body).not.toMatch(/\$argon2|passwordHash|keyHash|password_hash/);
    }
    for (const body of issuing) {
      for (const secret of [password, 'another-secret-pass', ...hashes])
        expect(body.includes(secret)).toBe(false);
      expect(body).not.toMatch(/\$argon2|passwordHash|keyHash|password_hash/);
    }
  });

  it('logs every request as one JSON line with its request id', () => {
    const requests = logs.lines
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.msg === 'request completed');
    expect(requests.length).toBeGreaterThan(5);
    for (const entry of requests) {
      expect(entry).toEqual(
        expect.objectContaining({
          requestId: expect.any(String),
          req: expect.any(Object),
          res: expect.any(Object),
        }),
      );
      expect(Object.keys(entry.req).sort()).toEqual(['id', 'method', 'url']);
    }
  });
});
