import { aMunicipality, aRegion } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

describe('regions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createRegion(overrides: Record<string, unknown> = {}) {
    const res = await t.http.post('/api/v1/regions').send(aRegion(overrides)).expect(201);
    return res.body as { id: string; code: string; name: string; stateCode: string };
  }

  describe('POST /regions', () => {
    it('creates a region and stores it', async () => {
      const body = aRegion({ code: 'sachsen-nord', name: 'Region Nordsachsen' });
      const res = await t.http.post('/api/v1/regions').send(body).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'sachsen-nord',
        name: 'Region Nordsachsen',
        stateCode: 'DE-SN',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.db.query('SELECT code, name, state_code FROM regions WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({ code: 'sachsen-nord', name: 'Region Nordsachsen', state_code: 'DE-SN' });
    });

    it('refuses a duplicate code with 409 naming the field and stores nothing', async () => {
      const existing = await createRegion();
      const before = await countRows(t.db, 'regions');
      const res = await t.http
        .post('/api/v1/regions')
        .send(aRegion({ code: existing.code }))
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, errors: [{ field: 'code' }] });
      expect(await countRows(t.db, 'regions')).toBe(before);
    });

    it.each([
      ['an unknown field', { colour: 'blue' }, 'colour'],
      ['a code with capitals', { code: 'Sachsen' }, 'code'],
      ['a code with spaces', { code: 'sachsen nord' }, 'code'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
      ['an unknown state', { stateCode: 'DE-XX' }, 'stateCode'],
      ['a numeric name', { name: 42 }, 'name'],
    ])('refuses %s with a 400 problem naming the field', async (_label, overrides, field) => {
      const before = await countRows(t.db, 'regions');
      const res = await t.http.post('/api/v1/regions').send(aRegion(overrides)).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: expect.any(String), title: 'Validation failed', status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countRows(t.db, 'regions')).toBe(before);
    });

    it('refuses a body that is missing every field, listing each', async () => {
      const res = await t.http.post('/api/v1/regions').send({}).expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      expect(fields).toEqual(new Set(['code', 'name', 'stateCode']));
    });

    it('refuses malformed JSON with 400 problem+json', async () => {
      const res = await t.http
        .post('/api/v1/regions')
        .set('Content-Type', 'application/json')
        .send('{"code": "x",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 400, title: 'Malformed request body' });
    });
  });

  describe('GET /regions/{id}', () => {
    it('returns the region', async () => {
      const region = await createRegion();
      const res = await t.http.get(`/api/v1/regions/${region.id}`).expect(200);
      expect(res.body).toMatchObject({ id: region.id, code: region.code });
    });

    it('answers 404 for an unknown id', async () => {
      const res = await t.http.get('/api/v1/regions/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    });

    it('answers 400 naming the parameter for a malformed id', async () => {
      const res = await t.http.get('/api/v1/regions/not-a-uuid').expect(400);
      expect(res.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    });
  });

  describe('GET /regions', () => {
    it('lists regions ordered by code and filters by state', async () => {
      await createRegion({ code: 'zz-bw-1', stateCode: 'DE-BW' });
      await createRegion({ code: 'aa-bw-2', stateCode: 'DE-BW' });
      const res = await t.http.get('/api/v1/regions?stateCode=DE-BW').expect(200);
      expect(res.body.items.map((r: { code: string }) => r.code)).toEqual(['aa-bw-2', 'zz-bw-1']);
      expect(res.body.nextCursor).toBeNull();
    });

    it('pages with a cursor without gaps or repeats', async () => {
      for (let i = 0; i < 5; i++) await createRegion({ stateCode: 'DE-TH' });
      const first = await t.http.get('/api/v1/regions?stateCode=DE-TH&limit=3').expect(200);
      expect(first.body.items).toHaveLength(3);
      const second = await t.http
        .get(`/api/v1/regions?stateCode=DE-TH&limit=3&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items).toHaveLength(2);
      expect(second.body.nextCursor).toBeNull();
      const codes = [...first.body.items, ...second.body.items].map((r: { code: string }) => r.code);
      expect(new Set(codes).size).toBe(5);
      expect([...codes].sort()).toEqual(codes);
    });

    it.each(['0', '201', '-1', 'ten', '1.5'])('refuses limit=%s', async (limit) => {
      const res = await t.http.get(`/api/v1/regions?limit=${limit}`).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'limit' })]));
    });

    it('refuses an unknown filter', async () => {
      const res = await t.http.get('/api/v1/regions?colour=blue').expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'colour' })]);
    });

    it('refuses a cursor issued for another filter', async () => {
      for (let i = 0; i < 2; i++) await createRegion({ stateCode: 'DE-HE' });
      const page = await t.http.get('/api/v1/regions?stateCode=DE-HE&limit=1').expect(200);
      const res = await t.http
        .get(`/api/v1/regions?stateCode=DE-BW&cursor=${page.body.nextCursor}`)
        .expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    });
  });

  describe('PATCH /regions/{id}', () => {
    it('changes the given fields only', async () => {
      const region = await createRegion({ stateCode: 'DE-SN' });
      const res = await t.http.patch(`/api/v1/regions/${region.id}`).send({ name: 'Neuer Name' }).expect(200);
      expect(res.body).toMatchObject({ name: 'Neuer Name', code: region.code, stateCode: 'DE-SN' });
      const [row] = await t.db.query('SELECT name FROM regions WHERE id = $1', [region.id]);
      expect(row.name).toBe('Neuer Name');
    });

    it('refuses taking another region’s code with 409 and changes nothing', async () => {
      const a = await createRegion();
      const b = await createRegion();
      await t.http.patch(`/api/v1/regions/${b.id}`).send({ code: a.code }).expect(409);
      const [row] = await t.db.query('SELECT code FROM regions WHERE id = $1', [b.id]);
      expect(row.code).toBe(b.code);
    });

    it('refuses unknown fields and bad values with 400 and changes nothing', async () => {
      const region = await createRegion();
      await t.http.patch(`/api/v1/regions/${region.id}`).send({ id: 'x' }).expect(400);
      await t.http.patch(`/api/v1/regions/${region.id}`).send({ stateCode: 'SN' }).expect(400);
      const blanked = await t.http.patch(`/api/v1/regions/${region.id}`).send({ name: null }).expect(400);
      expect(blanked.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'name' })]),
      );
      await t.http.patch(`/api/v1/regions/${region.id}`).send({ code: null }).expect(400);
      const [row] = await t.db.query('SELECT code, name, state_code FROM regions WHERE id = $1', [region.id]);
      expect(row).toEqual({ code: region.code, name: region.name, state_code: region.stateCode });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http
        .patch('/api/v1/regions/6f1c1c9e-0000-4000-8000-000000000000')
        .send({ name: 'x' })
        .expect(404);
      await t.http.patch('/api/v1/regions/123').send({ name: 'x' }).expect(400);
    });
  });

  describe('DELETE /regions/{id}', () => {
    it('deletes an empty region', async () => {
      const region = await createRegion();
      await t.http.delete(`/api/v1/regions/${region.id}`).expect(204);
      await t.http.get(`/api/v1/regions/${region.id}`).expect(404);
    });

    it('refuses to delete a region in use with 409 and keeps it', async () => {
      const region = await createRegion();
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ regionId: region.id }))
        .expect(201);
      const res = await t.http.delete(`/api/v1/regions/${region.id}`).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, type: 'urn:transferstelle:problem:region-in-use' });
      expect(res.body.detail).toMatch(/1 municipality/);
      await t.http.get(`/api/v1/regions/${region.id}`).expect(200);
    });

    it('refuses to delete a region pilots are assigned to with 409 and keeps it', async () => {
      const region = await createRegion();
      await t.userAgent('lotse', [region.id]);
      const res = await t.http.delete(`/api/v1/regions/${region.id}`).expect(409);
      expect(res.body).toMatchObject({ type: 'urn:transferstelle:problem:region-in-use' });
      expect(res.body.detail).toMatch(/1 pilot/);
      await t.http.get(`/api/v1/regions/${region.id}`).expect(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http.delete('/api/v1/regions/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      await t.http.delete('/api/v1/regions/123').expect(400);
    });
  });
});
