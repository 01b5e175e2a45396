import { aMunicipality, aRegion } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

interface MunicipalityBody {
  id: string;
  ags: string;
  name: string;
  kind: string;
  population: number | null;
  stateCode: string;
  regionId: string | null;
}

describe('municipalities', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createRegion(overrides: Record<string, unknown> = {}): Promise<string> {
    return (await t.http.post('/api/v1/regions').send(aRegion(overrides)).expect(201)).body.id;
  }

  async function createMunicipality(overrides: Record<string, unknown> = {}): Promise<MunicipalityBody> {
    return (await t.http.post('/api/v1/municipalities').send(aMunicipality(overrides)).expect(201)).body;
  }

  describe('POST /municipalities', () => {
    it('creates a municipality, deriving the state from the AGS, and stores it', async () => {
      const regionId = await createRegion({ stateCode: 'DE-BW' });
      const res = await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '08416041', name: 'Tübingen', kind: 'stadt', population: 90546, regionId })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ags: '08416041',
        name: 'Tübingen',
        kind: 'stadt',
        population: 90546,
        stateCode: 'DE-BW',
        regionId,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.db.query('SELECT ags, state_code, region_id FROM municipalities WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({ ags: '08416041', state_code: 'DE-BW', region_id: regionId });
    });

    it('accepts a municipality without population or region', async () => {
      const res = await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625999', name: 'Ohne Angaben', kind: 'gemeinde' })
        .expect(201);
      expect(res.body).toMatchObject({ population: null, regionId: null, stateCode: 'DE-SN' });
    });

    it('refuses a duplicate AGS with 409 naming the field and stores nothing', async () => {
      const existing = await createMunicipality();
      const before = await countRows(t.db, 'municipalities');
      const res = await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: existing.ags }))
        .expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ status: 409, errors: [{ field: 'ags' }] });
      expect(await countRows(t.db, 'municipalities')).toBe(before);
    });

    it.each([
      ['an unknown field', { mayor: 'Frau X' }, 'mayor'],
      ['an AGS of 7 digits', { ags: '1462500' }, 'ags'],
      ['an AGS of 9 digits', { ags: '146250011' }, 'ags'],
      ['an AGS with letters', { ags: '14625a01' }, 'ags'],
      ['an AGS given as a number', { ags: 14625001 }, 'ags'],
      ['an AGS with state prefix 00', { ags: '00625001' }, 'ags'],
      ['an AGS with state prefix 17', { ags: '17625001' }, 'ags'],
      ['an unknown kind', { kind: 'dorf' }, 'kind'],
      ['a negative population', { population: -1 }, 'population'],
      ['a fractional population', { population: 10.5 }, 'population'],
      ['a population as text', { population: '1000' }, 'population'],
      ['an empty name', { name: '' }, 'name'],
      ['a name of 20 000 characters', { name: 'x'.repeat(20_000) }, 'name'],
      ['a malformed regionId', { regionId: 'region-1' }, 'regionId'],
    ])(
      'refuses %s with a 400 problem naming the field and stores nothing',
      async (_label, overrides, field) => {
        const before = await countRows(t.db, 'municipalities');
        const res = await t.http.post('/api/v1/municipalities').send(aMunicipality(overrides)).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.status).toBe(400);
        expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
        expect(await countRows(t.db, 'municipalities')).toBe(before);
      },
    );

    it.each([
      ['a Landkreis keyed like a Gemeinde', { kind: 'landkreis' }],
      ['a Gemeinde keyed like a Kreis', { ags: '14625000', kind: 'gemeinde' }],
    ])(
      'refuses %s with a 422 naming kind (each value is valid, together they are not)',
      async (_label, overrides) => {
        const before = await countRows(t.db, 'municipalities');
        const res = await t.http.post('/api/v1/municipalities').send(aMunicipality(overrides)).expect(422);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({
          type: 'urn:transferstelle:problem:kind-does-not-fit-ags',
          errors: [
            { field: 'kind', message: expect.stringMatching(/must end in 000|must not end in 000|000/) },
          ],
        });
        expect(await countRows(t.db, 'municipalities')).toBe(before);
      },
    );

    it('explains a bad state prefix', async () => {
      const res = await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '17625001' }))
        .expect(400);
      expect(res.body.errors).toEqual([
        { field: 'ags', message: 'ags must start with a state key from 01 to 16' },
      ]);
    });

    it('refuses a region that does not exist with 422 and stores nothing', async () => {
      const before = await countRows(t.db, 'municipalities');
      const res = await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ regionId: '6f1c1c9e-0000-4000-8000-000000000000' }))
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'regionId' })]);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
    });

    it('refuses an array body', async () => {
      await t.http.post('/api/v1/municipalities').send([aMunicipality()]).expect(400);
    });
  });

  describe('GET /municipalities/{id} and /by-ags/{ags}', () => {
    it('returns the municipality by id and by AGS', async () => {
      const m = await createMunicipality();
      expect((await t.http.get(`/api/v1/municipalities/${m.id}`).expect(200)).body).toMatchObject({
        ags: m.ags,
      });
      expect((await t.http.get(`/api/v1/municipalities/by-ags/${m.ags}`).expect(200)).body).toMatchObject({
        id: m.id,
      });
    });

    it('answers 404 for unknown ids and AGS, 400 for malformed ones', async () => {
      await t.http.get('/api/v1/municipalities/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      await t.http.get('/api/v1/municipalities/by-ags/16999999').expect(404);
      const bad = await t.http.get('/api/v1/municipalities/42').expect(400);
      expect(bad.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
      const badAgs = await t.http.get('/api/v1/municipalities/by-ags/123').expect(400);
      expect(badAgs.body.errors).toEqual([expect.objectContaining({ field: 'ags' })]);
    });
  });

  describe('PATCH /municipalities/{id}', () => {
    it('assigns a region, changes population and unassigns again with null', async () => {
      const m = await createMunicipality();
      const regionId = await createRegion();
      const assigned = await t.http
        .patch(`/api/v1/municipalities/${m.id}`)
        .send({ regionId, population: 1234 })
        .expect(200);
      expect(assigned.body).toMatchObject({ regionId, population: 1234, name: m.name, ags: m.ags });
      const cleared = await t.http
        .patch(`/api/v1/municipalities/${m.id}`)
        .send({ regionId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ regionId: null, population: 1234 });
      const [row] = await t.db.query('SELECT region_id, population FROM municipalities WHERE id = $1', [
        m.id,
      ]);
      expect(row).toEqual({ region_id: null, population: 1234 });
    });

    it('refuses changing the AGS (unknown field) and bad values, changing nothing', async () => {
      const m = await createMunicipality();
      const res = await t.http.patch(`/api/v1/municipalities/${m.id}`).send({ ags: '14625998' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'ags' })]);
      await t.http.patch(`/api/v1/municipalities/${m.id}`).send({ population: -5 }).expect(400);
      await t.http.patch(`/api/v1/municipalities/${m.id}`).send({ kind: 'landkreis' }).expect(422);
      const blanked = await t.http
        .patch(`/api/v1/municipalities/${m.id}`)
        .send({ name: null, kind: null })
        .expect(400);
      expect(blanked.body.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['name', 'kind']),
      );
      await t.http
        .patch(`/api/v1/municipalities/${m.id}`)
        .send({ regionId: '6f1c1c9e-0000-4000-8000-000000000000' })
        .expect(422);
      const [row] = await t.db.query(
        'SELECT ags, population, kind, region_id FROM municipalities WHERE id = $1',
        [m.id],
      );
      expect(row).toEqual({ ags: m.ags, population: m.population, kind: 'gemeinde', region_id: null });
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http
        .patch('/api/v1/municipalities/6f1c1c9e-0000-4000-8000-000000000000')
        .send({ name: 'x' })
        .expect(404);
      await t.http.patch('/api/v1/municipalities/x').send({ name: 'x' }).expect(400);
    });
  });

  describe('DELETE /municipalities/{id}', () => {
    it('deletes the municipality', async () => {
      const m = await createMunicipality();
      await t.http.delete(`/api/v1/municipalities/${m.id}`).expect(204);
      await t.http.get(`/api/v1/municipalities/${m.id}`).expect(404);
    });

    it('refuses with 409 while a need refers to it, and keeps it', async () => {
      const m = await createMunicipality();
      await t.http.post('/api/v1/needs').send({ municipalityId: m.id, title: 'Ein Bedarf' }).expect(201);
      const res = await t.http.delete(`/api/v1/municipalities/${m.id}`).expect(409);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body).toMatchObject({ type: 'urn:transferstelle:problem:reference-conflict', status: 409 });
      await t.http.get(`/api/v1/municipalities/${m.id}`).expect(200);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      await t.http.delete('/api/v1/municipalities/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      await t.http.delete('/api/v1/municipalities/x').expect(400);
    });
  });

  describe('PUT /municipalities/by-ags/{ags}', () => {
    it('creates with 201, then updates with 200, leaving exactly one row', async () => {
      const ags = '14626123';
      const created = await t.http
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'Neugemeinde', kind: 'gemeinde', population: 500 })
        .expect(201);
      expect(created.body).toMatchObject({ ags, name: 'Neugemeinde', stateCode: 'DE-SN', population: 500 });
      const updated = await t.http
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'Neugemeinde (umbenannt)', kind: 'stadt', population: 600 })
        .expect(200);
      expect(updated.body).toMatchObject({
        id: created.body.id,
        name: 'Neugemeinde (umbenannt)',
        kind: 'stadt',
      });
      const rows = await t.db.query('SELECT name, population FROM municipalities WHERE ags = $1', [ags]);
      expect(rows).toEqual([{ name: 'Neugemeinde (umbenannt)', population: 600 }]);
    });

    it('keeps region and population when absent and clears them with null', async () => {
      const regionId = await createRegion();
      const ags = '14626124';
      await t.http
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'A', kind: 'gemeinde', population: 10, regionId })
        .expect(201);
      const kept = await t.http
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'B', kind: 'gemeinde' })
        .expect(200);
      expect(kept.body).toMatchObject({ name: 'B', population: 10, regionId });
      const cleared = await t.http
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'B', kind: 'gemeinde', population: null, regionId: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ population: null, regionId: null });
    });

    it('ends with one row when the same AGS is pushed concurrently', async () => {
      const ags = '14626125';
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.http
            .put(`/api/v1/municipalities/by-ags/${ags}`)
            .send({ name: `Parallel ${i}`, kind: 'gemeinde' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(await t.db.query('SELECT 1 FROM municipalities WHERE ags = $1', [ags])).toHaveLength(1);
    });

    it.each([
      ['a malformed AGS in the path', '1462612', { name: 'X', kind: 'gemeinde' }, 'ags'],
      [
        'an AGS in the body (unknown field)',
        '14626126',
        { ags: '14626126', name: 'X', kind: 'gemeinde' },
        'ags',
      ],
      ['a missing name', '14626126', { kind: 'gemeinde' }, 'name'],
    ])('refuses %s with 400 and stores nothing', async (_label, ags, body, field) => {
      const before = await countRows(t.db, 'municipalities');
      const res = await t.http.put(`/api/v1/municipalities/by-ags/${ags}`).send(body).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countRows(t.db, 'municipalities')).toBe(before);
    });

    it('refuses a kind that does not fit the AGS with 422 naming kind, and stores nothing', async () => {
      const before = await countRows(t.db, 'municipalities');
      const res = await t.http
        .put('/api/v1/municipalities/by-ags/14626000')
        .send({ name: 'X', kind: 'gemeinde' })
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      expect(await countRows(t.db, 'municipalities')).toBe(before);
    });
  });

  describe('GET /municipalities', () => {
    let regionId: string;

    beforeAll(async () => {
      regionId = await createRegion({ stateCode: 'DE-TH' });
      // 250 municipalities in Thüringen (16), spread over two Kreise and kinds.
      const values = Array.from({ length: 250 }, (_, i) => {
        const ags = `16${i % 2 === 0 ? '061' : '062'}${String(100 + i).padStart(3, '0')}`;
        return [ags, `${i % 5 === 0 ? 'Ober' : 'Unter'}dorf ${i}`, i % 10 === 0 ? 'stadt' : 'gemeinde', i];
      });
      await t.db.query(
        `INSERT INTO municipalities (ags, state_code, name, kind, population, region_id)
         SELECT ags, 'DE-TH', name, kind, population, $5
         FROM unnest($1::char(8)[], $2::varchar[], $3::varchar[], $4::int[]) AS v (ags, name, kind, population)`,
        [
          values.map((v) => v[0]),
          values.map((v) => v[1]),
          values.map((v) => v[2]),
          values.map((v) => v[3]),
          regionId,
        ],
      );
    });

    async function walk(query: string, limit: number): Promise<MunicipalityBody[]> {
      const seen: MunicipalityBody[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/municipalities?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http.get(url).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(100);
      } while (cursor);
      return seen;
    }

    it('walks 250 municipalities page by page without gaps or repeats, in AGS order', async () => {
      const seen = await walk('stateCode=DE-TH', 40);
      const agsList = seen.map((m) => m.ags);
      expect(agsList).toHaveLength(250);
      expect(new Set(agsList).size).toBe(250);
      expect([...agsList].sort()).toEqual(agsList);
    });

    it('returns full pages and a null cursor at the end', async () => {
      const first = await t.http
        .get('/api/v1/municipalities?regionId=' + regionId + '&limit=200')
        .expect(200);
      expect(first.body.items).toHaveLength(200);
      const second = await t.http
        .get(`/api/v1/municipalities?regionId=${regionId}&limit=200&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items).toHaveLength(50);
      expect(second.body.nextCursor).toBeNull();
    });

    it('filters by region, kind and case-insensitive name prefix', async () => {
      const towns = await walk(`regionId=${regionId}&kind=stadt`, 200);
      expect(towns).toHaveLength(25);
      expect(towns.every((m) => m.kind === 'stadt' && m.regionId === regionId)).toBe(true);
      const ober = await walk('stateCode=DE-TH&name=oBeR', 200);
      expect(ober).toHaveLength(50);
      expect(ober.every((m) => m.name.startsWith('Ober'))).toBe(true);
    });

    it('treats LIKE wildcards in the name prefix as text', async () => {
      const res = await t.http.get('/api/v1/municipalities?name=%25').expect(200);
      expect(res.body.items).toEqual([]);
      const underscore = await t.http.get('/api/v1/municipalities?name=_').expect(200);
      expect(underscore.body.items).toEqual([]);
    });

    it.each(['0', '201', '-1', 'abc'])('refuses limit=%s with 400 naming limit', async (limit) => {
      const res = await t.http.get(`/api/v1/municipalities?limit=${limit}`).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'limit' })]));
    });

    it.each([
      ['stateCode=SN', 'stateCode'],
      ['regionId=abc', 'regionId'],
      ['kind=dorf', 'kind'],
      ['sort=name', 'sort'],
    ])('refuses the bad filter %s', async (query, field) => {
      const res = await t.http.get(`/api/v1/municipalities?${query}`).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses tampered cursors with 400 naming the cursor', async () => {
      const page = await t.http.get('/api/v1/municipalities?stateCode=DE-TH&limit=5').expect(200);
      const cursor: string = page.body.nextCursor;
      const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      const edited = Buffer.from(JSON.stringify({ ...payload, k: ['16000000'] })).toString('base64url');
      const sqlish = Buffer.from(JSON.stringify({ ...payload, k: ["' OR 1=1 --"] })).toString('base64url');
      for (const bad of [edited, sqlish, `${cursor}x`, 'garbage', cursor.slice(0, -3)]) {
        const res = await t.http
          .get(`/api/v1/municipalities?stateCode=DE-TH&limit=5&cursor=${bad}`)
          .expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
      const otherFilter = await t.http
        .get(`/api/v1/municipalities?stateCode=DE-SN&cursor=${cursor}`)
        .expect(400);
      expect(otherFilter.body.errors[0].message).toMatch(/other filters/);
    });
  });
});
