import request from 'supertest';
import { aMunicipality, aRegion } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface ClientBody {
  id: string;
  name: string;
  keyPrefix: string;
  scopes: string[];
  stateCodes: string[];
  regionIds: string[];
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const CLIENT_KEYS = [
  'createdAt',
  'id',
  'keyPrefix',
  'lastUsedAt',
  'name',
  'regionIds',
  'revokedAt',
  'scopes',
  'stateCodes',
  'systems',
  'updatedAt',
];
const KEY_FORMAT = /^tsk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;
const ALL_SCOPES = ['municipalities:read', 'municipalities:write', 'regions:read'];
const UNKNOWN_ID = '6f1c1c9e-0000-4000-8000-000000000000';

let sequence = 0;

/** A valid create body with a fresh name; a test overrides only what its rule is about. */
function aClient(overrides: Record<string, unknown> = {}) {
  return { name: `Landessystem ${++sequence}`, scopes: ['municipalities:read'], ...overrides };
}

describe('API clients', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createClient(overrides: Record<string, unknown> = {}) {
    const res = await t.http.post('/api/v1/api-clients').send(aClient(overrides)).expect(201);
    const { key, ...client } = res.body as ClientBody & { key: string };
    return { client: client as ClientBody, key };
  }

  async function createRegion(stateCode = 'DE-SN'): Promise<string> {
    return (await t.http.post('/api/v1/regions').send(aRegion({ stateCode })).expect(201)).body.id;
  }

  /** Requests carrying this key the one way or the other. */
  const withKey = (key: string) => request.agent(t.app.getHttpServer()).set('X-API-Key', key);
  const withBearer = (key: string) => t.bearer(key);

  async function stored(id: string) {
    const [row] = await t.db.query(
      `SELECT name, key_prefix, key_hash, scopes, state_codes, region_ids, revoked_at, last_used_at
       FROM api_clients WHERE id = $1`,
      [id],
    );
    return row;
  }

  describe('POST /api-clients', () => {
    it('creates a client and shows its key once, in the documented format', async () => {
      const regionId = await createRegion();
      const res = await t.http
        .post('/api/v1/api-clients')
        .send({
          name: 'Digitallotsen Sachsen',
          scopes: ['municipalities:read', 'municipalities:write'],
          stateCodes: ['DE-SN'],
          regionIds: [regionId],
        })
        .expect(201);
      expect(Object.keys(res.body).sort()).toEqual([...CLIENT_KEYS, 'key'].sort());
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Digitallotsen Sachsen',
        key: expect.stringMatching(KEY_FORMAT),
        keyPrefix: expect.stringMatching(/^[0-9a-f]{12}$/),
        scopes: ['municipalities:read', 'municipalities:write'],
        stateCodes: ['DE-SN'],
        regionIds: [regionId],
        systems: [],
        revokedAt: null,
        lastUsedAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(res.body.key.slice(4, 16)).toBe(res.body.keyPrefix);
    });

    it('stores the client with a hash of the key, never the key', async () => {
      const regionId = await createRegion();
      const { client, key } = await createClient({ stateCodes: ['DE-BW'], regionIds: [regionId] });
      const row = await stored(client.id);
      expect(row).toMatchObject({
        name: client.name,
        key_prefix: client.keyPrefix,
        scopes: ['municipalities:read'],
        state_codes: ['DE-BW'],
        region_ids: [regionId],
        revoked_at: null,
        last_used_at: null,
      });
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.key_hash).not.toBe(key);
      expect(row.key_hash).not.toContain(key.slice(17));
    });

    it('gives every client a key and prefix of its own', async () => {
      const a = await createClient();
      const b = await createClient();
      expect(a.key).not.toBe(b.key);
      expect(a.client.keyPrefix).not.toBe(b.client.keyPrefix);
    });

    it('trims the name and defaults the territory to nothing', async () => {
      const res = await t.http
        .post('/api/v1/api-clients')
        .send({ name: '  Landkreis X  ', scopes: [] })
        .expect(201);
      expect(res.body).toMatchObject({ name: 'Landkreis X', scopes: [], stateCodes: [], regionIds: [] });
      expect(await stored(res.body.id)).toMatchObject({
        name: 'Landkreis X',
        state_codes: [],
        region_ids: [],
      });
    });

    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a key chosen by the caller', { key: `tsk_${'a'.repeat(12)}_${'b'.repeat(43)}` }, 'key'],
      ['a revokedAt', { revokedAt: null }, 'revokedAt'],
      ['an unknown scope', { scopes: ['municipalities:delete'] }, 'scopes'],
      ['a scope given twice', { scopes: ['regions:read', 'regions:read'] }, 'scopes'],
      ['scopes given as text', { scopes: 'regions:read' }, 'scopes'],
      ['missing scopes', { scopes: undefined }, 'scopes'],
      ['an unknown state code', { stateCodes: ['DE-XX'] }, 'stateCodes'],
      ['a state code without country', { stateCodes: ['SN'] }, 'stateCodes'],
      ['a state code in lower case', { stateCodes: ['de-sn'] }, 'stateCodes'],
      ['a state code given twice', { stateCodes: ['DE-SN', 'DE-SN'] }, 'stateCodes'],
      ['a malformed regionId', { regionIds: ['region-1'] }, 'regionIds'],
      ['an empty name', { name: '' }, 'name'],
      ['a blank name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
      ['a missing name', { name: undefined }, 'name'],
    ])(
      'refuses %s with a 400 problem naming the field and stores nothing',
      async (_label, overrides, field) => {
        const before = await countRows(t.db, 'api_clients');
        const res = await t.http.post('/api/v1/api-clients').send(aClient(overrides)).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ title: 'Validation failed', status: 400 });
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
        expect(await countRows(t.db, 'api_clients')).toBe(before);
      },
    );

    it('refuses regionIds naming a missing region with 422 and stores nothing', async () => {
      const existing = await createRegion();
      const before = await countRows(t.db, 'api_clients');
      const res = await t.http
        .post('/api/v1/api-clients')
        .send(aClient({ regionIds: [existing, UNKNOWN_ID] }))
        .expect(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({
        status: 422,
        errors: [expect.objectContaining({ field: 'regionIds' })],
      });
      expect(await countRows(t.db, 'api_clients')).toBe(before);
    });
  });

  describe('GET /api-clients and /api-clients/{id}', () => {
    it('returns one client without its key or key hash', async () => {
      const { client, key } = await createClient({ stateCodes: ['DE-SN'] });
      const res = await t.http.get(`/api/v1/api-clients/${client.id}`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual(CLIENT_KEYS);
      expect(res.body).toEqual({ ...client, revokedAt: null, lastUsedAt: null });
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(key);
      expect(text).not.toContain(key.slice(17));
      expect(text).not.toContain((await stored(client.id)).key_hash);
      expect(text).not.toMatch(/keyHash|"key"/);
    });

    it('lists every client, page by page without gaps or repeats, and never a key', async () => {
      const created = [await createClient(), await createClient(), await createClient()];
      const total = await countRows(t.db, 'api_clients');
      const seen: ClientBody[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/api-clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http.get(url).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        const text = JSON.stringify(res.body);
        for (const { key } of created) {
          expect(text).not.toContain(key);
          expect(text).not.toContain(key.slice(17));
        }
        expect(text).not.toMatch(/keyHash|"key"/);
        for (const item of res.body.items) expect(Object.keys(item).sort()).toEqual(CLIENT_KEYS);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const ids = seen.map((c) => c.id);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toEqual(expect.arrayContaining(created.map((c) => c.client.id)));
    });

    it('refuses bad list parameters', async () => {
      const limit = await t.http.get('/api/v1/api-clients?limit=0').expect(400);
      expect(limit.body.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
      const unknown = await t.http.get('/api/v1/api-clients?name=x').expect(400);
      expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      const cursor = await t.http.get('/api/v1/api-clients?cursor=garbage').expect(400);
      expect(cursor.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });

    it('answers 404 for an unknown id and 400 naming the parameter for a malformed one', async () => {
      const missing = await t.http.get(`/api/v1/api-clients/${UNKNOWN_ID}`).expect(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(missing.body).toMatchObject({ status: 404, title: 'Not found' });
      const malformed = await t.http.get('/api/v1/api-clients/client-1').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('authenticating with the key', () => {
    it.each([
      ['X-API-Key', withKey],
      ['Authorization: Bearer', withBearer],
    ])('accepts the key as %s and shows the client on /auth/me', async (_how, agentFor) => {
      const regionId = await createRegion();
      const region = (await t.http.get(`/api/v1/regions/${regionId}`).expect(200)).body;
      const scopes = ['municipalities:read', 'regions:read'];
      const { client, key } = await createClient({
        scopes,
        stateCodes: ['DE-SN', 'DE-TH'],
        regionIds: [regionId],
      });
      const res = await agentFor(key).get('/api/v1/auth/me').expect(200);
      expect(res.body).toEqual({
        kind: 'client',
        id: client.id,
        name: client.name,
        scopes,
        stateCodes: ['DE-SN', 'DE-TH'],
        regionIds: [regionId],
        systems: [],
        regions: [{ id: regionId, code: region.code, name: region.name }],
      });
    });

    it('names the regions of its territory on /auth/me with code and name, ordered by code', async () => {
      const regionIds = [await createRegion(), await createRegion('DE-TH'), await createRegion()];
      const regions = await Promise.all(
        regionIds.map(async (id) => (await t.http.get(`/api/v1/regions/${id}`).expect(200)).body),
      );
      const { key } = await createClient({ scopes: ['regions:read'], regionIds });
      const res = await withKey(key).get('/api/v1/auth/me').expect(200);
      expect(res.body.regionIds).toEqual(regionIds);
      expect(res.body.regions).toEqual(
        regions
          .map((r: { id: string; code: string; name: string }) => ({ id: r.id, code: r.code, name: r.name }))
          .sort((a, b) => a.code.localeCompare(b.code)),
      );
      const none = await createClient({ scopes: ['regions:read'], regionIds: [] });
      expect((await withKey(none.key).get('/api/v1/auth/me').expect(200)).body).toMatchObject({
        regionIds: [],
        regions: [],
      });
    });

    it('refuses a wrong key with the right prefix with 401 and does not mark the client used', async () => {
      const { client, key } = await createClient();
      const last = key.at(-1) === 'A' ? 'B' : 'A';
      const wrong = `${key.slice(0, -1)}${last}`;
      for (const agent of [withKey(wrong), withBearer(wrong)]) {
        const res = await agent.get('/api/v1/auth/me').expect(401);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="transferstelle"');
        expect(res.body).toMatchObject({ status: 401, title: 'Unauthenticated' });
      }
      expect((await stored(client.id)).last_used_at).toBeNull();
    });

    it.each([
      ['a key of another shape', 'tsk_nonsense'],
      ['a key with an unknown prefix', `tsk_${'0'.repeat(12)}_${'A'.repeat(43)}`],
      ['a key with a trailing character', null],
    ])('refuses %s with 401', async (_label, value) => {
      const { key } = await createClient();
      const res = await withKey(value ?? `${key}x`)
        .get('/api/v1/auth/me')
        .expect(401);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('sets last_used_at on first use and writes it at most once a minute', async () => {
      const { client, key } = await createClient();
      expect((await stored(client.id)).last_used_at).toBeNull();

      await withKey(key).get('/api/v1/municipalities').expect(200);
      const first: Date = (await stored(client.id)).last_used_at;
      expect(first).toBeInstanceOf(Date);
      const shown = await t.http.get(`/api/v1/api-clients/${client.id}`).expect(200);
      expect(new Date(shown.body.lastUsedAt).getTime()).toBe(first.getTime());

      await withKey(key).get('/api/v1/municipalities').expect(200);
      expect((await stored(client.id)).last_used_at).toEqual(first);

      // A minute later the next use is recorded again.
      await t.db.query(`UPDATE api_clients SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
        client.id,
      ]);
      const aged: Date = (await stored(client.id)).last_used_at;
      await withKey(key).get('/api/v1/municipalities').expect(200);
      expect((await stored(client.id)).last_used_at.getTime()).toBeGreaterThan(aged.getTime());
    });
  });

  describe('DELETE /api-clients/{id} (revoke)', () => {
    it('revokes: the key gets 401 at once and the client stays listed with revokedAt', async () => {
      const { client, key } = await createClient();
      await withKey(key).get('/api/v1/auth/me').expect(200);

      const res = await t.http.delete(`/api/v1/api-clients/${client.id}`).expect(204);
      expect(res.text).toBe('');

      for (const agent of [withKey(key), withBearer(key)]) {
        const denied = await agent.get('/api/v1/auth/me').expect(401);
        expect(denied.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(denied.headers['www-authenticate']).toBe('Bearer realm="transferstelle"');
      }
      const row = await stored(client.id);
      expect(row.revoked_at).toBeInstanceOf(Date);
      const one = await t.http.get(`/api/v1/api-clients/${client.id}`).expect(200);
      expect(new Date(one.body.revokedAt).getTime()).toBe(row.revoked_at.getTime());
      const list = await t.http.get('/api/v1/api-clients?limit=200').expect(200);
      const listed = list.body.items.find((c: ClientBody) => c.id === client.id);
      expect(listed).toMatchObject({ id: client.id, name: client.name, revokedAt: one.body.revokedAt });
    });

    it('revoking twice answers 204 and keeps the first revocation time', async () => {
      const { client } = await createClient();
      await t.http.delete(`/api/v1/api-clients/${client.id}`).expect(204);
      const first: Date = (await stored(client.id)).revoked_at;
      await t.http.delete(`/api/v1/api-clients/${client.id}`).expect(204);
      expect((await stored(client.id)).revoked_at).toEqual(first);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const missing = await t.http.delete(`/api/v1/api-clients/${UNKNOWN_ID}`).expect(404);
      expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
      const malformed = await t.http.delete('/api/v1/api-clients/42').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('POST /api-clients/{id}/key (rotate)', () => {
    it('shows a new key once: the old key gets 401, the new one works', async () => {
      const { client, key: oldKey } = await createClient({ scopes: ['regions:read'], stateCodes: ['DE-BY'] });
      const before = await stored(client.id);

      const res = await t.http.post(`/api/v1/api-clients/${client.id}/key`).expect(200);
      expect(Object.keys(res.body).sort()).toEqual([...CLIENT_KEYS, 'key'].sort());
      expect(res.body).toMatchObject({
        id: client.id,
        name: client.name,
        scopes: ['regions:read'],
        stateCodes: ['DE-BY'],
        revokedAt: null,
        key: expect.stringMatching(KEY_FORMAT),
      });
      const newKey: string = res.body.key;
      expect(newKey).not.toBe(oldKey);
      expect(res.body.keyPrefix).toBe(newKey.slice(4, 16));

      await withKey(oldKey).get('/api/v1/auth/me').expect(401);
      await withBearer(oldKey).get('/api/v1/auth/me').expect(401);
      const who = await withKey(newKey).get('/api/v1/auth/me').expect(200);
      expect(who.body).toMatchObject({ kind: 'client', id: client.id });
      await withBearer(newKey).get('/api/v1/regions').expect(200);

      const after = await stored(client.id);
      expect(after.key_hash).not.toBe(before.key_hash);
      expect(after.key_hash).not.toBe(newKey);
      expect(after.key_prefix).toBe(res.body.keyPrefix);
      const shown = await t.http.get(`/api/v1/api-clients/${client.id}`).expect(200);
      expect(JSON.stringify(shown.body)).not.toContain(newKey);
    });

    it('refuses to rotate a revoked client with 409 and leaves its key as it was', async () => {
      const { client, key } = await createClient();
      await t.http.delete(`/api/v1/api-clients/${client.id}`).expect(204);
      const before = await stored(client.id);
      const res = await t.http.post(`/api/v1/api-clients/${client.id}/key`).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, type: 'urn:transferstelle:problem:api-client-revoked' });
      expect(res.body).not.toHaveProperty('key');
      expect(await stored(client.id)).toEqual(before);
      await withKey(key).get('/api/v1/auth/me').expect(401);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http.post(`/api/v1/api-clients/${UNKNOWN_ID}/key`).expect(404);
      const malformed = await t.http.post('/api/v1/api-clients/nope/key').expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('PATCH /api-clients/{id}', () => {
    it('changes name, scopes and territory; the same key carries the new rights at once', async () => {
      const regionId = await createRegion();
      const { client, key } = await createClient({ scopes: ['municipalities:read'] });
      await withKey(key).get('/api/v1/regions').expect(403);

      const res = await t.http
        .patch(`/api/v1/api-clients/${client.id}`)
        .send({ name: ' Umbenannt ', scopes: ['regions:read'], stateCodes: ['DE-HE'], regionIds: [regionId] })
        .expect(200);
      expect(Object.keys(res.body).sort()).toEqual(CLIENT_KEYS);
      expect(res.body).toMatchObject({
        id: client.id,
        name: 'Umbenannt',
        keyPrefix: client.keyPrefix,
        scopes: ['regions:read'],
        stateCodes: ['DE-HE'],
        regionIds: [regionId],
      });
      expect(JSON.stringify(res.body)).not.toContain(key);
      expect(await stored(client.id)).toMatchObject({
        name: 'Umbenannt',
        scopes: ['regions:read'],
        state_codes: ['DE-HE'],
        region_ids: [regionId],
      });

      await withKey(key).get('/api/v1/regions').expect(200);
      await withKey(key).get('/api/v1/municipalities').expect(403);
      const who = await withKey(key).get('/api/v1/auth/me').expect(200);
      expect(who.body).toMatchObject({ name: 'Umbenannt', stateCodes: ['DE-HE'], regionIds: [regionId] });
    });

    it('leaves absent fields as they are and clears the territory with empty lists', async () => {
      const regionId = await createRegion();
      const { client } = await createClient({ stateCodes: ['DE-SN'], regionIds: [regionId] });
      const renamed = await t.http
        .patch(`/api/v1/api-clients/${client.id}`)
        .send({ name: 'Nur der Name' })
        .expect(200);
      expect(renamed.body).toMatchObject({
        stateCodes: ['DE-SN'],
        regionIds: [regionId],
        scopes: client.scopes,
      });
      const cleared = await t.http
        .patch(`/api/v1/api-clients/${client.id}`)
        .send({ stateCodes: [], regionIds: [] })
        .expect(200);
      expect(cleared.body).toMatchObject({ stateCodes: [], regionIds: [] });
      expect(await stored(client.id)).toMatchObject({ state_codes: [], region_ids: [] });
    });

    it.each([
      ['an unknown scope', { scopes: ['users:write'] }, 'scopes'],
      ['an unknown state code', { stateCodes: ['DE-XX'] }, 'stateCodes'],
      ['a malformed regionId', { regionIds: ['x'] }, 'regionIds'],
      ['an unknown field', { keyPrefix: 'abcabcabcabc' }, 'keyPrefix'],
      ['a key hash', { keyHash: '0'.repeat(64) }, 'keyHash'],
      ['a revocation', { revokedAt: null }, 'revokedAt'],
      ['null for name', { name: null }, 'name'],
      ['null for scopes', { scopes: null }, 'scopes'],
      ['a blank name', { name: '  ' }, 'name'],
    ])('refuses %s with 400 naming the field and changes nothing', async (_label, body, field) => {
      const { client } = await createClient({ stateCodes: ['DE-SN'] });
      const before = await stored(client.id);
      const res = await t.http.patch(`/api/v1/api-clients/${client.id}`).send(body).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await stored(client.id)).toEqual(before);
    });

    it.each([
      ['stateCodes', { stateCodes: null }],
      ['regionIds', { regionIds: null }],
    ])('refuses null for %s with 400 naming the field and changes nothing', async (field, body) => {
      const regionId = await createRegion();
      const { client, key } = await createClient({ stateCodes: ['DE-SN'], regionIds: [regionId] });
      const before = await stored(client.id);
      const res = await t.http.patch(`/api/v1/api-clients/${client.id}`).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await stored(client.id)).toEqual(before);
      await withKey(key).get('/api/v1/auth/me').expect(200);
    });

    it('refuses regionIds naming a missing region with 422 and changes nothing', async () => {
      const { client } = await createClient();
      const before = await stored(client.id);
      const res = await t.http
        .patch(`/api/v1/api-clients/${client.id}`)
        .send({ regionIds: [UNKNOWN_ID], name: 'Nicht gespeichert' })
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'regionIds' })]);
      expect(await stored(client.id)).toEqual(before);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http.patch(`/api/v1/api-clients/${UNKNOWN_ID}`).send({ name: 'x' }).expect(404);
      const malformed = await t.http.patch('/api/v1/api-clients/x').send({ name: 'x' }).expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('scopes', () => {
    it('a client with only municipalities:read reads municipalities but may not write them', async () => {
      const m = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body;
      const reader = await t.clientAgent({ scopes: ['municipalities:read'], stateCodes: ['DE-SN'] });

      const list = await reader.get('/api/v1/municipalities').expect(200);
      expect(list.body.items.map((x: { id: string }) => x.id)).toContain(m.id);
      await reader.get(`/api/v1/municipalities/${m.id}`).expect(200);
      await reader.get(`/api/v1/municipalities/by-ags/${m.ags}`).expect(200);

      const before = await countRows(t.db, 'municipalities');
      const denied = await reader.post('/api/v1/municipalities').send(aMunicipality()).expect(403);
      expect(denied.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(denied.body).toMatchObject({ status: 403, title: 'Forbidden' });
      expect(denied.body.detail).toMatch(/municipalities:write/);
      await reader
        .put('/api/v1/municipalities/by-ags/14625777')
        .send({ name: 'X', kind: 'gemeinde' })
        .expect(403);
      await reader.patch(`/api/v1/municipalities/${m.id}`).send({ name: 'Geändert' }).expect(403);
      await reader.delete(`/api/v1/municipalities/${m.id}`).expect(403);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
      const [row] = await t.db.query('SELECT name FROM municipalities WHERE id = $1', [m.id]);
      expect(row.name).toBe(m.name);
    });

    it('a client without regions:read gets 403 on the regions; one with it reads them', async () => {
      const regionId = await createRegion();
      const without = await t.clientAgent({ scopes: ['municipalities:read', 'municipalities:write'] });
      const res = await without.get('/api/v1/regions').expect(403);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      await without.get(`/api/v1/regions/${regionId}`).expect(403);

      const withScope = await t.clientAgent({ scopes: ['regions:read'] });
      await withScope.get('/api/v1/regions').expect(200);
      await withScope.get(`/api/v1/regions/${regionId}`).expect(200);
      await withScope.get('/api/v1/municipalities').expect(403);
    });

    it('a client may not edit regions, whatever its scopes', async () => {
      const client = await t.clientAgent({ scopes: ALL_SCOPES, stateCodes: ['DE-SN'] });
      const before = await countRows(t.db, 'regions');
      await client.post('/api/v1/regions').send(aRegion()).expect(403);
      expect(await countRows(t.db, 'regions')).toBe(before);
    });

    it('any client, whatever its scopes, gets 403 on every users and api-clients route', async () => {
      const client = await t.clientAgent({ scopes: ALL_SCOPES, stateCodes: ['DE-SN', 'DE-BW'] });
      const { client: target } = await createClient();
      const userId = (await t.db.query('SELECT id FROM users LIMIT 1'))[0].id;
      const clients = await countRows(t.db, 'api_clients');
      const users = await countRows(t.db, 'users');
      const before = await stored(target.id);
      const calls: [string, (a: Agent) => ReturnType<Agent['get']>][] = [
        ['POST /users', (a) => a.post('/api/v1/users').send({})],
        ['GET /users', (a) => a.get('/api/v1/users')],
        ['GET /users/{id}', (a) => a.get(`/api/v1/users/${userId}`)],
        ['PATCH /users/{id}', (a) => a.patch(`/api/v1/users/${userId}`).send({ active: false })],
        ['POST /api-clients', (a) => a.post('/api/v1/api-clients').send(aClient({ scopes: ALL_SCOPES }))],
        ['GET /api-clients', (a) => a.get('/api/v1/api-clients')],
        ['GET /api-clients/{id}', (a) => a.get(`/api/v1/api-clients/${target.id}`)],
        ['PATCH /api-clients/{id}', (a) => a.patch(`/api/v1/api-clients/${target.id}`).send({ name: 'x' })],
        ['POST /api-clients/{id}/key', (a) => a.post(`/api/v1/api-clients/${target.id}/key`)],
        ['DELETE /api-clients/{id}', (a) => a.delete(`/api/v1/api-clients/${target.id}`)],
      ];
      for (const [route, call] of calls) {
        const res = await call(client);
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(JSON.stringify(res.body)).not.toMatch(/tsk_/);
      }
      expect(await countRows(t.db, 'api_clients')).toBe(clients);
      expect(await countRows(t.db, 'users')).toBe(users);
      expect(await stored(target.id)).toMatchObject({
        name: before.name,
        key_hash: before.key_hash,
        revoked_at: null,
      });
    });

    it.each(['transferstelle', 'lotse', 'analyst'] as const)(
      'a user of role %s gets 403 on the api-clients routes',
      async (role) => {
        const agent = await t.userAgent(role);
        const { client: target } = await createClient();
        const before = await countRows(t.db, 'api_clients');
        await agent.post('/api/v1/api-clients').send(aClient()).expect(403);
        await agent.get('/api/v1/api-clients').expect(403);
        await agent.get(`/api/v1/api-clients/${target.id}`).expect(403);
        await agent.patch(`/api/v1/api-clients/${target.id}`).send({ name: 'x' }).expect(403);
        await agent.post(`/api/v1/api-clients/${target.id}/key`).expect(403);
        await agent.delete(`/api/v1/api-clients/${target.id}`).expect(403);
        expect(await countRows(t.db, 'api_clients')).toBe(before);
        expect((await stored(target.id)).revoked_at).toBeNull();
      },
    );

    it('anonymous callers get 401 with WWW-Authenticate on the api-clients routes', async () => {
      const { client: target } = await createClient();
      const calls = [
        t.anon.post('/api/v1/api-clients').send(aClient()),
        t.anon.get('/api/v1/api-clients'),
        t.anon.get(`/api/v1/api-clients/${target.id}`),
        t.anon.patch(`/api/v1/api-clients/${target.id}`).send({ name: 'x' }),
        t.anon.post(`/api/v1/api-clients/${target.id}/key`),
        t.anon.delete(`/api/v1/api-clients/${target.id}`),
      ];
      for (const call of calls) {
        const res = await call;
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="transferstelle"');
      }
      expect((await stored(target.id)).revoked_at).toBeNull();
    });
  });

  describe('territory', () => {
    const upsert = (agent: Agent, ags: string, body: Record<string, unknown> = {}) =>
      agent
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: `Gemeinde ${ags}`, kind: 'gemeinde', ...body });

    const rowsWithAgs = (ags: string) =>
      t.db.query('SELECT name, region_id FROM municipalities WHERE ags = $1', [ags]);

    it('a client of Saxony writes Saxon municipalities but not those of Baden-Württemberg', async () => {
      const saxony = await t.clientAgent({ scopes: ['municipalities:write'], stateCodes: ['DE-SN'] });

      const created = await upsert(saxony, '14625123').expect(201);
      expect(created.body).toMatchObject({ ags: '14625123', stateCode: 'DE-SN' });
      expect(await rowsWithAgs('14625123')).toEqual([{ name: 'Gemeinde 14625123', region_id: null }]);
      await upsert(saxony, '14625123', { name: 'Umbenannt' }).expect(200);

      const before = await countRows(t.db, 'municipalities');
      const denied = await upsert(saxony, '08416041').expect(403);
      expect(denied.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(denied.body).toMatchObject({ status: 403, title: 'Forbidden' });
      expect(denied.body.detail).toMatch(/outside the states and regions/);
      await saxony
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '08416042' }))
        .expect(403);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
      expect(await rowsWithAgs('08416041')).toEqual([]);
      expect(await rowsWithAgs('08416042')).toEqual([]);
    });

    it('a client of Saxony may not change or delete a municipality elsewhere', async () => {
      const saxony = await t.clientAgent({ scopes: ['municipalities:write'], stateCodes: ['DE-SN'] });
      const bw = (
        await t.http
          .post('/api/v1/municipalities')
          .send({ ags: '08416043', name: 'Schwäbisch', kind: 'gemeinde' })
          .expect(201)
      ).body;
      await saxony.patch(`/api/v1/municipalities/${bw.id}`).send({ name: 'Sächsisch' }).expect(403);
      await upsert(saxony, '08416043', { name: 'Sächsisch' }).expect(403);
      await saxony.delete(`/api/v1/municipalities/${bw.id}`).expect(403);
      expect(await rowsWithAgs('08416043')).toEqual([{ name: 'Schwäbisch', region_id: null }]);

      const sn = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body;
      await saxony.patch(`/api/v1/municipalities/${sn.id}`).send({ population: 42 }).expect(200);
      await saxony.delete(`/api/v1/municipalities/${sn.id}`).expect(204);
    });

    it('a client whose territory is a region writes municipalities in that region only', async () => {
      const mine = await createRegion();
      const other = await createRegion();
      const client = await t.clientAgent({ scopes: ['municipalities:write'], regionIds: [mine] });

      const created = await upsert(client, '14625201', { regionId: mine }).expect(201);
      expect(created.body).toMatchObject({ regionId: mine });
      expect(await rowsWithAgs('14625201')).toEqual([{ name: 'Gemeinde 14625201', region_id: mine }]);
      // Absent regionId keeps the municipality in her region.
      await upsert(client, '14625201', { name: 'Neu' }).expect(200);

      const before = await countRows(t.db, 'municipalities');
      await upsert(client, '14625202').expect(403);
      await upsert(client, '14625203', { regionId: other }).expect(403);
      await client
        .post('/api/v1/municipalities')
        .send(aMunicipality({ regionId: other }))
        .expect(403);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
      expect(await rowsWithAgs('14625202')).toEqual([]);
      expect(await rowsWithAgs('14625203')).toEqual([]);

      const inMine = (
        await t.http
          .post('/api/v1/municipalities')
          .send(aMunicipality({ regionId: mine }))
          .expect(201)
      ).body;
      const inOther = (
        await t.http
          .post('/api/v1/municipalities')
          .send(aMunicipality({ regionId: other }))
          .expect(201)
      ).body;
      await client.patch(`/api/v1/municipalities/${inMine.id}`).send({ population: 7 }).expect(200);
      await client.patch(`/api/v1/municipalities/${inOther.id}`).send({ population: 7 }).expect(403);
      await client.patch(`/api/v1/municipalities/${inOther.id}`).send({ regionId: mine }).expect(403);
      const [untouched] = await t.db.query('SELECT population, region_id FROM municipalities WHERE id = $1', [
        inOther.id,
      ]);
      expect(untouched).toEqual({ population: inOther.population, region_id: other });
    });

    it('a region client may not move a municipality out of its region', async () => {
      const mine = await createRegion();
      const other = await createRegion();
      const client = await t.clientAgent({ scopes: ['municipalities:write'], regionIds: [mine] });
      const m = (
        await t.http
          .post('/api/v1/municipalities')
          .send(aMunicipality({ regionId: mine }))
          .expect(201)
      ).body;
      await client.patch(`/api/v1/municipalities/${m.id}`).send({ regionId: other }).expect(403);
      await client.patch(`/api/v1/municipalities/${m.id}`).send({ regionId: null }).expect(403);
      await upsert(client, m.ags, { regionId: null }).expect(403);
      const [row] = await t.db.query('SELECT region_id FROM municipalities WHERE id = $1', [m.id]);
      expect(row.region_id).toBe(mine);
    });

    it('a client with the write scope but no territory may write nowhere', async () => {
      const region = await createRegion();
      const client = await t.clientAgent({ scopes: ['municipalities:write'] });
      const before = await countRows(t.db, 'municipalities');
      await upsert(client, '14625301').expect(403);
      await upsert(client, '14625302', { regionId: region }).expect(403);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
    });

    it('deleting a region leaves no client with a territory naming a missing region', async () => {
      const regionId = await createRegion();
      const { client } = await createClient({ scopes: ['municipalities:write'], regionIds: [regionId] });
      const res = await t.http.delete(`/api/v1/regions/${regionId}`);
      // Refusing the delete (409) or dropping the region from the territory both keep the data whole.
      expect([204, 409]).toContain(res.status);
      const regionLeft = (await t.db.query('SELECT 1 FROM regions WHERE id = $1', [regionId])).length === 1;
      const { region_ids: territory } = await stored(client.id);
      expect({ regionLeft, territory }).toEqual(
        regionLeft ? { regionLeft, territory: [regionId] } : { regionLeft, territory: [] },
      );
    });

    it('a client that loses a state is refused there at once', async () => {
      const { client, key } = await createClient({ scopes: ['municipalities:write'], stateCodes: ['DE-SN'] });
      await upsert(withKey(key), '14625401').expect(201);
      await t.http
        .patch(`/api/v1/api-clients/${client.id}`)
        .send({ stateCodes: ['DE-TH'] })
        .expect(200);
      await upsert(withKey(key), '14625402').expect(403);
      expect(await rowsWithAgs('14625402')).toEqual([]);
    });
  });
});
