import { jest } from '@jest/globals';
import { Clock } from '../src/common/clock.js';
import { handMadeJwt, claimsOf } from './support/jwt.js';
import { PROBLEM_JSON, startTestApp, TEST_ADMIN, TEST_JWT_SECRET, type TestApp } from './support/test-app.js';

describe('authentication', () => {
  let t: TestApp;
  let userId: string;
  const email = 'erika@test.local';
  const password = 'erika-password-1';

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http
      .post('/api/v1/users')
      .send({ email, name: 'Erika', role: 'transferstelle', password });
    userId = res.body.id;
  });
  afterAll(() => t.close());

  const login = (body: object) => t.anon.post('/api/v1/auth/login').send(body);
  const me = (token: string) => t.anon.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  describe('login', () => {
    it('returns a short-lived access token and a refresh token', async () => {
      const res = await login({ email, password }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: expect.any(String),
        refreshExpiresIn: 1_209_600,
      });
      expect(claimsOf(res.body.accessToken)).toMatchObject({
        sub: userId,
        role: 'transferstelle',
        typ: 'access',
      });
      const [stored] = await t.db.query('SELECT token_hash FROM refresh_tokens WHERE user_id = $1 LIMIT 1', [
        userId,
      ]);
      expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.token_hash).not.toBe(res.body.refreshToken);
    });

    it('accepts the email in any case', async () => {
      await login({ email: 'ERIKA@Test.Local', password }).expect(200);
    });

    it('answers a wrong password and an unknown email with the same 401', async () => {
      const wrong = await login({ email, password: 'not-her-password' }).expect(401);
      const unknown = await login({ email: 'nobody@test.local', password }).expect(401);
      expect(wrong.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
      const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
    });

    it('refuses bad input with 400 and unknown fields', async () => {
      await login({ email }).expect(400);
      const res = await login({ email, password, remember: true }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'remember' })]);
    });

    it('locks an account for a while after 5 wrong passwords in a row, with the same 401', async () => {
      const victim = { email: 'locked@test.local', password: 'locked-password-1' };
      await t.http
        .post('/api/v1/users')
        .send({ ...victim, name: 'L', role: 'analyst' })
        .expect(201);
      for (let i = 0; i < 5; i++) await login({ ...victim, password: `wrong-${i}` }).expect(401);

      const res = await login(victim).expect(401);
      expect(res.body.detail).toBe('email or password is wrong');
      const [row] = await t.db.query(
        `SELECT locked_until > now() + interval '14 minutes' AS locked FROM users WHERE email = $1`,
        [victim.email],
      );
      expect(row.locked).toBe(true);

      // An admin setting a new password lifts the lock.
      const users = await t.http.get('/api/v1/users?role=analyst').expect(200);
      const id = users.body.items.find((u: { email: string }) => u.email === victim.email).id;
      await t.http.patch(`/api/v1/users/${id}`).send({ password: 'a-brand-new-password' }).expect(200);
      await login({ ...victim, password: 'a-brand-new-password' }).expect(200);
    });

    it('counts only consecutive failures: a success resets the count', async () => {
      const user = { email: 'reset@test.local', password: 'reset-password-1' };
      await t.http
        .post('/api/v1/users')
        .send({ ...user, name: 'R', role: 'analyst' })
        .expect(201);
      for (let i = 0; i < 4; i++) await login({ ...user, password: 'wrong' }).expect(401);
      await login(user).expect(200);
      for (let i = 0; i < 4; i++) await login({ ...user, password: 'wrong' }).expect(401);
      await login(user).expect(200);
    });
  });

  describe('access tokens', () => {
    const claims = () => ({
      sub: userId,
      role: 'transferstelle',
      typ: 'access',
      iss: 'transferstelle',
      aud: 'transferstelle-api',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });

    it('lets a fresh token in', async () => {
      const res = await me(handMadeJwt(claims(), TEST_JWT_SECRET)).expect(200);
      expect(res.body).toMatchObject({ kind: 'user', id: userId, role: 'transferstelle', email });
    });

    it.each([
      [
        'expired',
        () => handMadeJwt({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET),
      ],
      ['signed with another key', () => handMadeJwt(claims(), 'another-secret-of-at-least-32-characters')],
      ['unsigned (alg: none)', () => handMadeJwt(claims(), null, { alg: 'none', typ: 'JWT' })],
      ['claiming HS512', () => handMadeJwt(claims(), TEST_JWT_SECRET, { alg: 'HS512', typ: 'JWT' })],
      ['from another issuer', () => handMadeJwt({ ...claims(), iss: 'elsewhere' }, TEST_JWT_SECRET)],
      ['not an access token', () => handMadeJwt({ ...claims(), typ: 'refresh' }, TEST_JWT_SECRET)],
      [
        'for a user that does not exist',
        () => handMadeJwt({ ...claims(), sub: '6f1c1c9e-0000-4000-8000-000000000000' }, TEST_JWT_SECRET),
      ],
      ['garbage', () => 'not.a.jwt'],
    ])('refuses a token %s with 401', async (_label, token) => {
      const res = await me(token()).expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('refuses a token accepted before once it has expired (verified tokens are remembered only until then)', async () => {
      const token = handMadeJwt(claims(), TEST_JWT_SECRET);
      await me(token).expect(200);
      await me(token).expect(200);
      const later = new Date(Date.now() + 601_000);
      const clock = jest.spyOn(Clock.prototype, 'now').mockReturnValue(later);
      try {
        const res = await me(token).expect(401);
        expect(res.body.detail).toBe('access token is invalid or expired');
      } finally {
        clock.mockRestore();
      }
      const fresh = handMadeJwt(claims(), TEST_JWT_SECRET);
      await me(fresh).expect(200);
    });

    it('refuses a token whose payload was tampered with', async () => {
      const { body } = await login({ email, password }).expect(200);
      const [header, , signature] = body.accessToken.split('.');
      const payload = Buffer.from(JSON.stringify({ ...claimsOf(body.accessToken), role: 'admin' })).toString(
        'base64url',
      );
      await me(`${header}.${payload}.${signature}`).expect(401);
    });

    it('refuses requests without credentials or with a malformed header', async () => {
      await t.anon.get('/api/v1/auth/me').expect(401);
      await t.anon.get('/api/v1/auth/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
      await t.anon.get('/api/v1/auth/me').set('Authorization', 'Bearer').expect(401);
    });

    it('stops working as soon as the user is deactivated', async () => {
      const user = { email: 'leaving@test.local', password: 'leaving-password-1' };
      const created = await t.http
        .post('/api/v1/users')
        .send({ ...user, name: 'L', role: 'lotse' })
        .expect(201);
      const { body } = await login(user).expect(200);
      await me(body.accessToken).expect(200);

      await t.http.patch(`/api/v1/users/${created.body.id}`).send({ active: false }).expect(200);

      await me(body.accessToken).expect(401);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
      await login(user).expect(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotates on use: the new pair works, the old refresh token does not', async () => {
      const first = (await login({ email, password }).expect(200)).body;
      const second = (
        await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
      ).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await me(second.accessToken).expect(200);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(200);
    });

    it('treats reuse of a rotated token as theft: 401 and the whole login is revoked', async () => {
      const first = (await login({ email, password }).expect(200)).body;
      const second = (
        await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)
      ).body;

      const reuse = await t.anon
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.refreshToken })
        .expect(401);
      expect(reuse.body.detail).toMatch(/already used/);
      // The legitimate holder's newer token is revoked too.
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
      const [family] = await t.db.query(
        `SELECT count(*) FILTER (WHERE revoked_at IS NULL)::int AS live FROM refresh_tokens
         WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex'))`,
        [second.refreshToken],
      );
      expect(family.live).toBe(0);
    });

    it('refuses unknown and expired refresh tokens', async () => {
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: 'never-issued' }).expect(401);
      const { body } = await login({ email, password }).expect(200);
      await t.db.query(
        `UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
         WHERE token_hash = encode(sha256($1::bytea), 'hex')`,
        [body.refreshToken],
      );
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
    });

    it('logout revokes the login; logging out twice is fine', async () => {
      const { body } = await login({ email, password }).expect(200);
      await t.anon.post('/api/v1/auth/logout').send({ refreshToken: body.refreshToken }).expect(204);
      await t.anon.post('/api/v1/auth/logout').send({ refreshToken: body.refreshToken }).expect(204);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
    });

    it('refuses a missing refresh token with 400', async () => {
      const res = await t.anon.post('/api/v1/auth/refresh').send({}).expect(400);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'refreshToken' })]),
      );
    });
  });

  describe('GET /auth/me', () => {
    it('shows an analyst no email, not even her own', async () => {
      const analyst = await t.userAgent('analyst');
      const res = await analyst.get('/api/v1/auth/me').expect(200);
      expect(res.body).toEqual({
        kind: 'user',
        id: expect.any(String),
        name: 'Test analyst',
        role: 'analyst',
        regionIds: [],
        regions: [],
      });
      expect(res.text).not.toMatch(/@/);
    });

    it('describes the admin without any secret', async () => {
      const res = await t.http.get('/api/v1/auth/me').expect(200);
      expect(res.body).toEqual({
        kind: 'user',
        id: expect.any(String),
        name: 'Administrator',
        email: TEST_ADMIN.email,
        role: 'admin',
        regionIds: [],
        regions: [],
      });
    });

    it('names a pilot’s regions with code and name, ordered by code, besides their ids', async () => {
      const region = async (code: string, name: string) =>
        (await t.http.post('/api/v1/regions').send({ code, name, stateCode: 'DE-SN' }).expect(201)).body;
      const zwickau = await region('me-zwickau', 'Region Zwickau');
      const bautzen = await region('me-bautzen', 'Region Bautzen');
      const pilot = await t.userAgent('lotse', [zwickau.id, bautzen.id]);
      const res = await pilot.get('/api/v1/auth/me').expect(200);
      expect(res.body).toMatchObject({ kind: 'user', role: 'lotse', name: 'Test lotse' });
      expect([...res.body.regionIds].sort()).toEqual([zwickau.id, bautzen.id].sort());
      expect(res.body.regions).toEqual([
        { id: bautzen.id, code: 'me-bautzen', name: 'Region Bautzen' },
        { id: zwickau.id, code: 'me-zwickau', name: 'Region Zwickau' },
      ]);
    });
  });
});
