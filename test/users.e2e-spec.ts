import pg from 'pg';
import { aRegion } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface UserBody {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
  regionIds: string[];
  createdAt: string;
  updatedAt: string;
}

const USER_KEYS = ['active', 'createdAt', 'email', 'id', 'name', 'regionIds', 'role', 'updatedAt'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UNKNOWN_ID = '6f1c1c9e-0000-4000-8000-000000000000';

let sequence = 0;

/** A valid create body with a fresh email; a test overrides only what its rule is about. */
function aUser(overrides: Record<string, unknown> = {}) {
  const n = ++sequence;
  return {
    email: `user-${String(n).padStart(3, '0')}@users.test`,
    name: `Nutzerin ${n}`,
    role: 'transferstelle',
    password: `correct-horse-battery-${n}`,
    ...overrides,
  };
}

describe('users', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createRegion(): Promise<string> {
    return (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body.id;
  }

  async function createUser(overrides: Record<string, unknown> = {}) {
    const body = aUser(overrides);
    const res = await t.http.post('/api/v1/users').send(body).expect(201);
    return { user: res.body as UserBody, password: body.password as string };
  }

  const login = (email: string, password: string) =>
    t.anon.post('/api/v1/auth/login').send({ email, password });

  const me = (accessToken: string) =>
    t.anon.get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);

  async function storedUser(id: string) {
    const [row] = await t.db.query(
      'SELECT email, name, role, active, password_hash, failed_logins, locked_until FROM users WHERE id = $1',
      [id],
    );
    return row;
  }

  async function storedRegionIds(userId: string): Promise<string[]> {
    const rows: { region_id: string }[] = await t.db.query(
      'SELECT region_id FROM user_regions WHERE user_id = $1 ORDER BY region_id',
      [userId],
    );
    return rows.map((r) => r.region_id);
  }

  describe('POST /users', () => {
    it.each(['admin', 'transferstelle', 'lotse', 'analyst'])(
      'creates a user of role %s and answers with exactly the public fields',
      async (role) => {
        const regionIds = role === 'lotse' ? [await createRegion(), await createRegion()].sort() : [];
        const body = aUser({ role, regionIds });
        const res = await t.http.post('/api/v1/users').send(body).expect(201);
        expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
        expect(res.body).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          email: body.email,
          name: body.name,
          role,
          active: true,
          regionIds,
          createdAt: expect.stringMatching(ISO_DATE),
          updatedAt: expect.stringMatching(ISO_DATE),
        });
        const row = await storedUser(res.body.id);
        expect(row).toMatchObject({
          email: body.email,
          name: body.name,
          role,
          active: true,
          failed_logins: 0,
        });
        expect(await storedRegionIds(res.body.id)).toEqual(regionIds);
      },
    );

    it('stores an argon2id hash of the password, never the password itself', async () => {
      const { user, password } = await createUser();
      const { password_hash: hash } = await storedUser(user.id);
      expect(hash).toMatch(/^\$argon2id\$/);
      expect(hash).not.toContain(password);
    });

    it('never answers with the password, its hash or the lock counters', async () => {
      const body = aUser();
      const res = await t.http.post('/api/v1/users').send(body).expect(201);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(body.password);
      expect(text).not.toContain('argon2');
      for (const secret of ['password', 'passwordHash', 'failedLogins', 'lockedUntil']) {
        expect(res.body).not.toHaveProperty(secret);
      }
    });

    it('lower-cases the email and trims the name', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .send(aUser({ email: 'Erika.Muster@Example.ORG', name: '  Erika Muster  ' }))
        .expect(201);
      expect(res.body).toMatchObject({ email: 'erika.muster@example.org', name: 'Erika Muster' });
      expect(await storedUser(res.body.id)).toMatchObject({
        email: 'erika.muster@example.org',
        name: 'Erika Muster',
      });
    });

    it('lets the new user log in with her password', async () => {
      const { user, password } = await createUser({ role: 'transferstelle' });
      const res = await login(user.email.toUpperCase(), password).expect(200);
      expect(res.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      const who = await me(res.body.accessToken).expect(200);
      expect(who.body).toMatchObject({
        kind: 'user',
        id: user.id,
        email: user.email,
        role: 'transferstelle',
      });
    });

    it('accepts a password of exactly 12 characters', async () => {
      const { user } = await createUser({ password: 'x'.repeat(12) });
      await login(user.email, 'x'.repeat(12)).expect(200);
    });

    it('refuses an email taken in other letter case with 409 naming email and stores nothing', async () => {
      await t.http
        .post('/api/v1/users')
        .send(aUser({ email: 'x@y.de' }))
        .expect(201);
      const before = await countRows(t.db, 'users');
      const res = await t.http
        .post('/api/v1/users')
        .send(aUser({ email: 'X@Y.de' }))
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, errors: [{ field: 'email' }] });
      expect(await countRows(t.db, 'users')).toBe(before);
    });

    it.each([
      ['an unknown field', { nickname: 'Eri' }, 'nickname'],
      ['a password hash smuggled in', { passwordHash: '$argon2id$v=19$m=1' }, 'passwordHash'],
      ['an active flag (not settable on create)', { active: false }, 'active'],
      ['a malformed email', { email: 'erika-at-example.org' }, 'email'],
      ['an email without domain', { email: 'erika@' }, 'email'],
      ['an email given as a number', { email: 42 }, 'email'],
      ['a password of 11 characters', { password: 'x'.repeat(11) }, 'password'],
      ['a password of 201 characters', { password: 'x'.repeat(201) }, 'password'],
      ['a numeric password', { password: 123456789012345 }, 'password'],
      ['an unknown role', { role: 'superuser' }, 'role'],
      ['a role in capitals', { role: 'ADMIN' }, 'role'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
      ['regionIds with a malformed uuid', { regionIds: ['region-1'] }, 'regionIds'],
      ['regionIds that is not a list', { regionIds: UNKNOWN_ID }, 'regionIds'],
      ['regionIds naming a region twice', { regionIds: [UNKNOWN_ID, UNKNOWN_ID] }, 'regionIds'],
    ])(
      'refuses %s with a 400 problem naming the field and stores nothing',
      async (_label, overrides, field) => {
        const before = await countRows(t.db, 'users');
        const res = await t.http.post('/api/v1/users').send(aUser(overrides)).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ title: 'Validation failed', status: 400 });
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
        expect(await countRows(t.db, 'users')).toBe(before);
      },
    );

    it('refuses a body missing every field, listing each', async () => {
      const res = await t.http.post('/api/v1/users').send({}).expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect(fields).toEqual(new Set(['email', 'name', 'role', 'password']));
    });

    it('explains a short password', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .send(aUser({ password: 'short' }))
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'password', message: 'password must be at least 12 characters long' },
      ]);
    });

    it('refuses regionIds naming a region that does not exist with 422 and stores nothing', async () => {
      const existing = await createRegion();
      const users = await countRows(t.db, 'users');
      const links = await countRows(t.db, 'user_regions');
      const res = await t.http
        .post('/api/v1/users')
        .send(aUser({ role: 'lotse', regionIds: [existing, UNKNOWN_ID] }))
        .expect(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ field: 'regionIds' })],
      });
      expect(await countRows(t.db, 'users')).toBe(users);
      expect(await countRows(t.db, 'user_regions')).toBe(links);
    });
  });

  describe('GET /users/{id}', () => {
    it('returns the user with her regions and without secrets', async () => {
      const regionId = await createRegion();
      const { user, password } = await createUser({ role: 'lotse', regionIds: [regionId] });
      const res = await t.http.get(`/api/v1/users/${user.id}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toEqual({ ...user, regionIds: [regionId] });
      expect(JSON.stringify(res.body)).not.toContain(password);
    });

    it('accepts the id in capitals', async () => {
      const { user } = await createUser();
      const res = await t.http.get(`/api/v1/users/${user.id.toUpperCase()}`).expect(200);
      expect(res.body.id).toBe(user.id);
    });

    it('answers 404 problem+json for an unknown id', async () => {
      const res = await t.http.get(`/api/v1/users/${UNKNOWN_ID}`).expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    });

    it('answers 400 naming the parameter for a malformed id', async () => {
      const res = await t.http.get('/api/v1/users/not-a-uuid').expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('GET /users', () => {
    async function walk(query: string, limit: number): Promise<UserBody[]> {
      const seen: UserBody[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/users?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http.get(url).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(200);
      } while (cursor);
      return seen;
    }

    it('walks all users page by page in email order without gaps or repeats', async () => {
      const created: UserBody[] = [];
      for (let i = 0; i < 5; i++) created.push((await createUser()).user);
      const total = await countRows(t.db, 'users');
      const seen = await walk('', 3);
      const emails = seen.map((u) => u.email);
      expect(emails).toHaveLength(total);
      expect(new Set(emails).size).toBe(total);
      expect([...emails].sort()).toEqual(emails);
      expect(emails).toEqual(expect.arrayContaining([...created.map((u) => u.email), 'admin@test.local']));
    });

    it('returns a null cursor on the last page', async () => {
      const res = await t.http.get('/api/v1/users?limit=200').expect(200);
      expect(res.body.nextCursor).toBeNull();
      expect(res.body.items.length).toBe(await countRows(t.db, 'users'));
    });

    it('filters by role', async () => {
      const { user: analyst } = await createUser({ role: 'analyst' });
      const { user: other } = await createUser({ role: 'transferstelle' });
      const seen = await walk('role=analyst', 2);
      expect(seen.every((u) => u.role === 'analyst')).toBe(true);
      const ids = seen.map((u) => u.id);
      expect(ids).toContain(analyst.id);
      expect(ids).not.toContain(other.id);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM users WHERE role = 'analyst'`);
      expect(seen).toHaveLength(count);
    });

    it('filters by active', async () => {
      const { user: gone } = await createUser();
      const { user: staying } = await createUser();
      await t.http.patch(`/api/v1/users/${gone.id}`).send({ active: false }).expect(200);
      const inactive = await walk('active=false', 50);
      expect(inactive.every((u) => u.active === false)).toBe(true);
      expect(inactive.map((u) => u.id)).toContain(gone.id);
      const active = await walk('active=true', 50);
      expect(active.every((u) => u.active === true)).toBe(true);
      expect(active.map((u) => u.id)).toContain(staying.id);
      expect(active.map((u) => u.id)).not.toContain(gone.id);
      expect(inactive.length + active.length).toBe(await countRows(t.db, 'users'));
    });

    it('combines role and active filters', async () => {
      const { user } = await createUser({ role: 'analyst' });
      await t.http.patch(`/api/v1/users/${user.id}`).send({ active: false }).expect(200);
      const seen = await walk('role=analyst&active=false', 50);
      expect(seen.map((u) => u.id)).toContain(user.id);
      expect(seen.every((u) => u.role === 'analyst' && !u.active)).toBe(true);
    });

    it("carries each user's regionIds on a page", async () => {
      const [a, b, c] = [await createRegion(), await createRegion(), await createRegion()];
      const { user: twoRegions } = await createUser({ role: 'lotse', regionIds: [a, b] });
      const { user: oneRegion } = await createUser({ role: 'lotse', regionIds: [c] });
      const { user: noRegion } = await createUser({ role: 'lotse' });
      const seen = await walk('role=lotse', 200);
      const byId = new Map(seen.map((u) => [u.id, u]));
      expect(byId.get(twoRegions.id)?.regionIds).toEqual([a, b].sort());
      expect(byId.get(oneRegion.id)?.regionIds).toEqual([c]);
      expect(byId.get(noRegion.id)?.regionIds).toEqual([]);
    });

    it('never carries password hashes or lock counters', async () => {
      const { password } = await createUser();
      const res = await t.http.get('/api/v1/users?limit=200').expect(200);
      const text = JSON.stringify(res.body);
      for (const secret of [password, 'argon2', 'password', 'failedLogins', 'lockedUntil']) {
        expect(text).not.toContain(secret);
      }
      for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(USER_KEYS);
    });

    it.each([
      ['role=boss', 'role'],
      ['active=yes', 'active'],
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['colour=blue', 'colour'],
    ])('refuses the bad query %s with 400 naming the field', async (query, field) => {
      const res = await t.http.get(`/api/v1/users?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses a cursor issued for other filters and a tampered cursor', async () => {
      await createUser({ role: 'analyst' });
      await createUser({ role: 'analyst' });
      const page = await t.http.get('/api/v1/users?role=analyst&limit=1').expect(200);
      const cursor: string = page.body.nextCursor;
      const other = await t.http.get(`/api/v1/users?role=lotse&cursor=${cursor}`).expect(400);
      expect(other.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      const tampered = await t.http.get(`/api/v1/users?role=analyst&cursor=${cursor}x`).expect(400);
      expect(tampered.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('pages past every email it accepts, even one with a quoted local part', async () => {
      // RFC 5321 allows `"…"@domain`; when the API stores such an email, paging must get past it.
      const quoted = '"a quoted"@users.test';
      const res = await t.http.post('/api/v1/users').send(aUser({ email: quoted, role: 'analyst' }));
      expect([201, 400]).toContain(res.status);
      if (res.status === 400) return; // refusing it up front keeps the contract too
      await createUser({ role: 'analyst' });
      const all = await walk('role=analyst', 200);
      const position = all.findIndex((u) => u.email === quoted);
      expect(position).toBeGreaterThanOrEqual(0);
      expect(position).toBeLessThan(all.length - 1);
      // A page that ends exactly on the quoted email, then the page after it.
      const page = await t.http.get(`/api/v1/users?role=analyst&limit=${position + 1}`).expect(200);
      expect(page.body.items.at(-1).email).toBe(quoted);
      const next = await t.http.get(`/api/v1/users?role=analyst&cursor=${page.body.nextCursor}`);
      expect({ status: next.status, errors: next.body.errors }).toEqual({ status: 200, errors: undefined });
      expect(next.body.items[0].email).toBe(all[position + 1].email);
    });
  });

  describe('PATCH /users/{id}', () => {
    it('changes name and role and leaves the rest', async () => {
      const { user } = await createUser({ role: 'analyst' });
      const res = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .send({ name: '  Neuer Name ', role: 'transferstelle' })
        .expect(200);
      expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
      expect(res.body).toMatchObject({
        id: user.id,
        email: user.email,
        name: 'Neuer Name',
        role: 'transferstelle',
        active: true,
        createdAt: user.createdAt,
      });
      expect(await storedUser(user.id)).toMatchObject({ name: 'Neuer Name', role: 'transferstelle' });
    });

    it('applies a role change to the user’s existing access token at once', async () => {
      const { user, password } = await createUser({ role: 'transferstelle' });
      const token = (await login(user.email, password).expect(200)).body.accessToken;
      const agent = t.bearer(token);
      const region = aRegion();
      await agent.post('/api/v1/regions').send(region).expect(201);
      await t.http.patch(`/api/v1/users/${user.id}`).send({ role: 'analyst' }).expect(200);
      await agent.post('/api/v1/regions').send(aRegion()).expect(403);
      expect((await me(token).expect(200)).body.role).toBe('analyst');
    });

    it('replaces regionIds and clears them with an empty list', async () => {
      const [a, b, c] = [await createRegion(), await createRegion(), await createRegion()];
      const { user } = await createUser({ role: 'lotse', regionIds: [a, b] });
      const replaced = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .send({ regionIds: [c] })
        .expect(200);
      expect(replaced.body.regionIds).toEqual([c]);
      expect(await storedRegionIds(user.id)).toEqual([c]);
      const cleared = await t.http.patch(`/api/v1/users/${user.id}`).send({ regionIds: [] }).expect(200);
      expect(cleared.body.regionIds).toEqual([]);
      expect(await storedRegionIds(user.id)).toEqual([]);
    });

    it('keeps regionIds when the field is absent', async () => {
      const a = await createRegion();
      const { user } = await createUser({ role: 'lotse', regionIds: [a] });
      const res = await t.http.patch(`/api/v1/users/${user.id}`).send({ name: 'Nur Name' }).expect(200);
      expect(res.body.regionIds).toEqual([a]);
      expect(await storedRegionIds(user.id)).toEqual([a]);
    });

    it('changes the email, lower-cased, and the user logs in with the new one', async () => {
      const { user, password } = await createUser();
      const res = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .send({ email: 'Renamed.User@Users.Test' })
        .expect(200);
      expect(res.body.email).toBe('renamed.user@users.test');
      await login('renamed.user@users.test', password).expect(200);
      await login(user.email, password).expect(401);
    });

    it('refuses taking another user’s email in any case with 409 and changes nothing', async () => {
      const { user: a } = await createUser();
      const { user: b } = await createUser();
      const res = await t.http
        .patch(`/api/v1/users/${b.id}`)
        .send({ email: a.email.toUpperCase() })
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, errors: [{ field: 'email' }] });
      expect((await storedUser(b.id)).email).toBe(b.email);
    });

    it('deactivates: her access token gets 401 at once, her refresh token 401, her login 401', async () => {
      const { user, password } = await createUser();
      const tokens = (await login(user.email, password).expect(200)).body;
      await me(tokens.accessToken).expect(200);

      const res = await t.http.patch(`/api/v1/users/${user.id}`).send({ active: false }).expect(200);
      expect(res.body.active).toBe(false);
      expect((await storedUser(user.id)).active).toBe(false);

      const denied = await me(tokens.accessToken).expect(401);
      expect(denied.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(denied.headers['www-authenticate']).toMatch(/^Bearer/);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(401);
      await login(user.email, password).expect(401);
      const [{ open }] = await t.db.query(
        'SELECT count(*)::int AS open FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [user.id],
      );
      expect(open).toBe(0);
    });

    it('reactivates with active:true, after which she can log in again', async () => {
      const { user, password } = await createUser();
      await t.http.patch(`/api/v1/users/${user.id}`).send({ active: false }).expect(200);
      await login(user.email, password).expect(401);
      const res = await t.http.patch(`/api/v1/users/${user.id}`).send({ active: true }).expect(200);
      expect(res.body.active).toBe(true);
      const tokens = (await login(user.email, password).expect(200)).body;
      await me(tokens.accessToken).expect(200);
    });

    it('sets a new password: the old one gets 401, the new one 200, old logins end', async () => {
      const { user, password } = await createUser();
      const before = await storedUser(user.id);
      const oldLogin = (await login(user.email, password).expect(200)).body;
      const newPassword = 'a-brand-new-password';

      await t.http.patch(`/api/v1/users/${user.id}`).send({ password: newPassword }).expect(200);

      await login(user.email, password).expect(401);
      await login(user.email, newPassword).expect(200);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: oldLogin.refreshToken }).expect(401);
      const after = await storedUser(user.id);
      expect(after.password_hash).toMatch(/^\$argon2id\$/);
      expect(after.password_hash).not.toBe(before.password_hash);
      expect(after.password_hash).not.toContain(newPassword);
    });

    it('a new password lifts a lock', async () => {
      const { user } = await createUser();
      await t.db.query(
        `UPDATE users SET failed_logins = 3, locked_until = now() + interval '1 hour' WHERE id = $1`,
        [user.id],
      );
      await t.http.patch(`/api/v1/users/${user.id}`).send({ password: 'unlocking-password' }).expect(200);
      expect(await storedUser(user.id)).toMatchObject({ failed_logins: 0, locked_until: null });
      await login(user.email, 'unlocking-password').expect(200);
    });

    it.each([
      ['null for name', { name: null }, 'name'],
      ['null for email', { email: null }, 'email'],
      ['null for role', { role: null }, 'role'],
      ['null for password', { password: null }, 'password'],
      ['a blank name', { name: ' ' }, 'name'],
      ['a malformed email', { email: 'nope' }, 'email'],
      ['a short password', { password: 'short' }, 'password'],
      ['an unknown role', { role: 'root' }, 'role'],
      ['active as text', { active: 'no' }, 'active'],
      ['an unknown field', { id: UNKNOWN_ID }, 'id'],
      ['a password hash', { passwordHash: 'x' }, 'passwordHash'],
      ['failed logins', { failedLogins: 0 }, 'failedLogins'],
      ['regionIds with a malformed uuid', { regionIds: ['nope'] }, 'regionIds'],
    ])('refuses %s with 400 naming the field and changes nothing', async (_label, body, field) => {
      const { user } = await createUser({ role: 'analyst' });
      const before = await storedUser(user.id);
      const res = await t.http.patch(`/api/v1/users/${user.id}`).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await storedUser(user.id)).toEqual(before);
    });

    it('refuses null for active with 400 naming the field and changes nothing', async () => {
      const { user } = await createUser();
      const res = await t.http.patch(`/api/v1/users/${user.id}`).send({ active: null });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'active' })]));
      expect((await storedUser(user.id)).active).toBe(true);
    });

    it('refuses regionIds naming a missing region with 422 and changes nothing', async () => {
      const a = await createRegion();
      const { user } = await createUser({ role: 'lotse', regionIds: [a] });
      const res = await t.http
        .patch(`/api/v1/users/${user.id}`)
        .send({ regionIds: [UNKNOWN_ID], name: 'Nicht gespeichert' })
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'regionIds' })]);
      expect(await storedRegionIds(user.id)).toEqual([a]);
      expect((await storedUser(user.id)).name).toBe(user.name);
    });

    it('accepts an empty body and changes nothing', async () => {
      const { user } = await createUser();
      const before = await storedUser(user.id);
      const res = await t.http.patch(`/api/v1/users/${user.id}`).send({}).expect(200);
      expect(res.body).toMatchObject({ email: user.email, name: user.name, role: user.role, active: true });
      expect(await storedUser(user.id)).toEqual(before);
    });

    it('keeps a region a pilot works in from being deleted', async () => {
      const regionId = await createRegion();
      const { user } = await createUser({ role: 'lotse', regionIds: [regionId] });
      const res = await t.http.delete(`/api/v1/regions/${regionId}`).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(await storedRegionIds(user.id)).toEqual([regionId]);
      await t.http.get(`/api/v1/regions/${regionId}`).expect(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await t.http.patch(`/api/v1/users/${UNKNOWN_ID}`).send({ name: 'x' }).expect(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
      const malformed = await t.http.patch('/api/v1/users/42').send({ name: 'x' }).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('there is always an active admin', () => {
    const LAST_ADMIN = 'urn:transferstelle:problem:last-admin';

    async function anotherAdmin(): Promise<{ user: UserBody; agent: Agent }> {
      const { user, password } = await createUser({ role: 'admin' });
      const token = (await login(user.email, password).expect(200)).body.accessToken;
      return { user, agent: t.bearer(token) };
    }

    async function testAdminId(): Promise<string> {
      return (await t.http.get('/api/v1/auth/me').expect(200)).body.id;
    }

    async function activeAdminIds(): Promise<string[]> {
      const rows: { id: string }[] = await t.db.query(
        `SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id`,
      );
      return rows.map((row) => row.id);
    }

    /** Through the API: the bootstrap admin deactivates every other active admin. */
    async function leaveOnlyTheTestAdmin(): Promise<string> {
      const self = await testAdminId();
      const admins = await t.http.get('/api/v1/users?role=admin&active=true&limit=200').expect(200);
      for (const admin of admins.body.items as UserBody[]) {
        if (admin.id !== self) {
          await t.http.patch(`/api/v1/users/${admin.id}`).send({ active: false }).expect(200);
        }
      }
      expect(await activeAdminIds()).toEqual([self]);
      return self;
    }

    it('refuses an admin deactivating herself with 409 self-deactivation; she stays active and logged in', async () => {
      const { user, password } = await createUser({ role: 'admin' });
      const tokens = (await login(user.email, password).expect(200)).body;
      const before = await storedUser(user.id);
      const res = await t
        .bearer(tokens.accessToken)
        .patch(`/api/v1/users/${user.id}`)
        .send({ active: false })
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: 'urn:transferstelle:problem:self-deactivation',
        title: 'Conflict',
        status: 409,
        detail: expect.stringContaining('`active`'),
        errors: [{ field: 'active', message: 'an admin cannot deactivate herself; another admin can' }],
      });
      expect(await storedUser(user.id)).toEqual(before);
      await me(tokens.accessToken).expect(200);
      await t.anon.post('/api/v1/auth/refresh').send({ refreshToken: tokens.refreshToken }).expect(200);
    });

    it('refuses deactivating the last active admin with 409 last-admin naming active', async () => {
      const self = await leaveOnlyTheTestAdmin();
      const res = await t.http.patch(`/api/v1/users/${self}`).send({ active: false }).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        type: LAST_ADMIN,
        status: 409,
        detail: expect.stringContaining('`active: false`'),
        errors: [{ field: 'active', message: 'the last active admin cannot be deactivated' }],
      });
      expect(await activeAdminIds()).toEqual([self]);
      await t.http.get('/api/v1/users').expect(200);
    });

    it.each(['transferstelle', 'lotse', 'analyst'])(
      'refuses giving the last active admin the role %s with 409 last-admin naming role, changing nothing',
      async (role) => {
        const self = await leaveOnlyTheTestAdmin();
        const before = await storedUser(self);
        const res = await t.http
          .patch(`/api/v1/users/${self}`)
          .send({ role, name: 'Nicht gespeichert' })
          .expect(409);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({
          type: LAST_ADMIN,
          status: 409,
          detail: expect.stringContaining('`role`'),
          errors: [{ field: 'role', message: 'the last active admin cannot be given another role' }],
        });
        expect(await storedUser(self)).toEqual(before);
        await t.http.get('/api/v1/users').expect(200);
      },
    );

    it('names both fields when the last active admin would be deactivated and demoted at once', async () => {
      const self = await leaveOnlyTheTestAdmin();
      const res = await t.http
        .patch(`/api/v1/users/${self}`)
        .send({ active: false, role: 'analyst' })
        .expect(409);
      expect(res.body).toMatchObject({ type: LAST_ADMIN });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['active', 'role']);
      expect(await storedUser(self)).toMatchObject({ role: 'admin', active: true });
    });

    it('lets an admin deactivate another admin; the other’s token gets 401 at once', async () => {
      const self = await leaveOnlyTheTestAdmin();
      const other = await anotherAdmin();
      const res = await t.http.patch(`/api/v1/users/${other.user.id}`).send({ active: false }).expect(200);
      expect(res.body).toMatchObject({ id: other.user.id, role: 'admin', active: false });
      expect(await activeAdminIds()).toEqual([self]);
      await other.agent.get('/api/v1/users').expect(401);
    });

    it('lets an admin give another admin a different role', async () => {
      await leaveOnlyTheTestAdmin();
      const other = await anotherAdmin();
      const res = await t.http.patch(`/api/v1/users/${other.user.id}`).send({ role: 'analyst' }).expect(200);
      expect(res.body).toMatchObject({ role: 'analyst', active: true });
      expect(await storedUser(other.user.id)).toMatchObject({ role: 'analyst', active: true });
      await other.agent.get('/api/v1/users').expect(403);
    });

    it('lets an admin give herself a different role while another admin remains', async () => {
      const self = await leaveOnlyTheTestAdmin();
      const other = await anotherAdmin();
      const res = await other.agent
        .patch(`/api/v1/users/${other.user.id}`)
        .send({ role: 'transferstelle' })
        .expect(200);
      expect(res.body).toMatchObject({ role: 'transferstelle', active: true });
      expect(await activeAdminIds()).toEqual([self]);
    });

    it('lets the last active admin change her name and keep role and active as they are', async () => {
      const self = await leaveOnlyTheTestAdmin();
      await t.http
        .patch(`/api/v1/users/${self}`)
        .send({ name: 'Administratorin', role: 'admin', active: true })
        .expect(200);
      expect(await storedUser(self)).toMatchObject({ name: 'Administratorin', role: 'admin', active: true });
    });

    /**
     * The active admins' rows, locked from a connection of the test's own: both requests pass
     * authentication and then wait inside their transactions, so each round is the race itself
     * and never one request finishing before the other has begun.
     */
    async function holdActiveAdmins() {
      const holder = new pg.Client({ connectionString: t.databaseUrl });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`);
      const waiting = async (): Promise<number> => {
        const [{ count }] = await t.db.query(
          `SELECT count(*)::int AS count FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return count;
      };
      return {
        /** Lets them go once this many writers queue behind the lock; each check is one round trip. */
        async releaseWhen(writers: number) {
          for (let check = 0; (await waiting()) < writers; check++) {
            if (check > 5_000) throw new Error(`fewer than ${writers} writers ever waited for the lock`);
          }
          await holder.query('COMMIT');
        },
        end: () => holder.end(),
      };
    }

    it('of the last two admins deactivating each other at once, exactly one succeeds, ten times over', async () => {
      const self = await leaveOnlyTheTestAdmin();
      const other = await anotherAdmin();
      const admins = [
        { id: self, agent: t.http },
        { id: other.user.id, agent: other.agent },
      ];
      try {
        for (let round = 0; round < 10; round++) {
          const holder = await holdActiveAdmins();
          try {
            const answers = Promise.all([
              admins[0].agent.patch(`/api/v1/users/${admins[1].id}`).send({ active: false }),
              admins[1].agent.patch(`/api/v1/users/${admins[0].id}`).send({ active: false }),
            ]);
            await holder.releaseWhen(2);
            const [first, second] = await answers;
            expect([first.status, second.status].sort()).toEqual([200, 409]);
            const refused = first.status === 409 ? first : second;
            expect(refused.body).toMatchObject({ type: LAST_ADMIN, errors: [{ field: 'active' }] });
            // The one whose request succeeded deactivated the other and is the one left.
            const [winner, loser] = first.status === 200 ? admins : [...admins].reverse();
            expect(await activeAdminIds()).toEqual([winner.id]);
            await winner.agent.patch(`/api/v1/users/${loser.id}`).send({ active: true }).expect(200);
            expect(await activeAdminIds()).toEqual([...admins.map((a) => a.id)].sort());
          } finally {
            await holder.end();
          }
        }
      } finally {
        // A failed round must not leave the bootstrap admin, and so the rest of this file, locked out.
        await t.db.query('UPDATE users SET active = true WHERE id = $1', [self]);
      }
    });
  });

  describe('access', () => {
    /** Every users route, aimed at an existing user so that only access decides the answer. */
    function everyRoute(targetId: string): [string, (agent: Agent) => ReturnType<Agent['get']>][] {
      return [
        ['POST /users', (a) => a.post('/api/v1/users').send(aUser())],
        ['GET /users', (a) => a.get('/api/v1/users')],
        ['GET /users/{id}', (a) => a.get(`/api/v1/users/${targetId}`)],
        ['PATCH /users/{id}', (a) => a.patch(`/api/v1/users/${targetId}`).send({ role: 'admin' })],
      ];
    }

    it.each(['transferstelle', 'lotse', 'analyst'] as const)(
      'a user of role %s gets 403 on every users route and changes nothing',
      async (role) => {
        const agent = await t.userAgent(role);
        const { user: target } = await createUser({ role: 'analyst' });
        const users = await countRows(t.db, 'users');
        for (const [route, call] of everyRoute(target.id)) {
          const res = await call(agent);
          expect({ route, status: res.status }).toEqual({ route, status: 403 });
          expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
          expect(res.body).toMatchObject({ status: 403, title: 'Forbidden' });
        }
        expect(await countRows(t.db, 'users')).toBe(users);
        expect((await storedUser(target.id)).role).toBe('analyst');
      },
    );

    it('a non-admin cannot even look at herself through the users API', async () => {
      const body = aUser({ role: 'transferstelle' });
      const { body: created } = await t.http.post('/api/v1/users').send(body).expect(201);
      const token = (await login(body.email, body.password).expect(200)).body.accessToken;
      await t.bearer(token).get(`/api/v1/users/${created.id}`).expect(403);
      await t.bearer(token).patch(`/api/v1/users/${created.id}`).send({ role: 'admin' }).expect(403);
      expect((await storedUser(created.id)).role).toBe('transferstelle');
    });

    it('an API client, whatever its scopes, gets 403 on every users route', async () => {
      const client = await t.clientAgent({
        scopes: ['municipalities:read', 'municipalities:write', 'regions:read'],
        stateCodes: ['DE-SN', 'DE-BW'],
      });
      const { user: target } = await createUser({ role: 'analyst' });
      const users = await countRows(t.db, 'users');
      for (const [route, call] of everyRoute(target.id)) {
        const res = await call(client);
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
      expect(await countRows(t.db, 'users')).toBe(users);
      expect((await storedUser(target.id)).role).toBe('analyst');
    });

    it('anonymous callers get 401 problem+json with WWW-Authenticate on every users route', async () => {
      const { user: target } = await createUser({ role: 'analyst' });
      const users = await countRows(t.db, 'users');
      const routes = [
        t.anon.post('/api/v1/users').send(aUser()),
        t.anon.get('/api/v1/users'),
        t.anon.get(`/api/v1/users/${target.id}`),
        t.anon.patch(`/api/v1/users/${target.id}`).send({ role: 'admin' }),
      ];
      for (const call of routes) {
        const res = await call;
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="transferstelle"');
        expect(res.body).toMatchObject({ status: 401, title: 'Unauthenticated' });
      }
      expect(await countRows(t.db, 'users')).toBe(users);
      expect((await storedUser(target.id)).role).toBe('analyst');
    });

    it('a garbage bearer token gets 401 like no token', async () => {
      const res = await t.bearer('not-a-jwt').get('/api/v1/users').expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="transferstelle"');
    });
  });
});
