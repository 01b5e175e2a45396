import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

/** State systems writing municipalities and needs by their own ids. */
describe('integrations by external id', () => {
  let t: TestApp;
  let saxony: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http
      .post('/api/v1/api-clients')
      .send({
        name: 'Digitallotsen Sachsen',
        scopes: ['municipalities:read', 'municipalities:write', 'needs:read', 'needs:write'],
        stateCodes: ['DE-SN'],
        systems: ['digitallotsen-sn'],
      })
      .expect(201);
    expect(res.body.systems).toEqual(['digitallotsen-sn']);
    saxony = t.bearer(res.body.key).set('Authorization', '').set('X-API-Key', res.body.key);
  });
  afterAll(() => t.close());

  const municipality = (ags: string, name = `Gemeinde ${ags}`) => ({
    ags,
    name,
    kind: 'gemeinde',
    population: 1200,
  });
  const changesOf = async (id: string) =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM changes WHERE entity_id = $1', [id]))[0].n);

  it('creates a municipality by the system’s id (201), then updates it (200), the same body changing nothing', async () => {
    const url = '/api/v1/integrations/digitallotsen-sn/municipalities/gem-001';
    const created = await saxony.put(url).send(municipality('14625901')).expect(201);
    const updated = await saxony.put(url).send(municipality('14625901', 'Neuer Name')).expect(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'Neuer Name' });
    await saxony.put(url).send(municipality('14625901', 'Neuer Name')).expect(200);
    expect(await changesOf(created.body.id)).toBe(2);
    expect((await saxony.get(url).expect(200)).body.id).toBe(created.body.id);
    const fixed = await saxony.put(url).send(municipality('14625902')).expect(422);
    expect(fixed.body.errors).toEqual([expect.objectContaining({ field: 'ags' })]);
  });

  it('creates the municipality again when the one its id named was deleted since', async () => {
    const url = '/api/v1/integrations/digitallotsen-sn/municipalities/gem-gone';
    const first = (await saxony.put(url).send(municipality('14625960')).expect(201)).body;
    await t.http.delete(`/api/v1/municipalities/${first.id}`).expect(204);
    await saxony.get(url).expect(404);
    const again = (await saxony.put(url).send(municipality('14625960')).expect(201)).body;
    expect(again.id).not.toBe(first.id);
    expect((await saxony.get(url).expect(200)).body.id).toBe(again.id);
  });

  it('links an existing municipality by its AGS instead of creating it again', async () => {
    const existing = (await t.http.post('/api/v1/municipalities').send(municipality('14625903')).expect(201))
      .body;
    const res = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/municipalities/gem-003')
      .send(municipality('14625903'))
      .expect(200);
    expect(res.body.id).toBe(existing.id);
    const clash = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/municipalities/gem-003-other')
      .send(municipality('14625903'))
      .expect(409);
    expect(clash.body.errors).toEqual([expect.objectContaining({ field: 'externalId' })]);
  });

  it('upserts a need by the system’s id: 201, then 200, one row; the same id of two systems is two needs', async () => {
    await saxony
      .put('/api/v1/integrations/digitallotsen-sn/municipalities/gem-010')
      .send(municipality('14625910'))
      .expect(201);
    const url = '/api/v1/integrations/digitallotsen-sn/needs/bedarf-1';
    const body = { municipalityExternalId: 'gem-010', title: 'Digitale Bauakte', urgency: 'high' };
    const created = await saxony.put(url).send(body).expect(201);
    expect(created.body).toMatchObject({ title: 'Digitale Bauakte', source: 'api', urgency: 'high' });
    const again = await saxony.put(url).send(body).expect(200);
    expect(again.body).toEqual(created.body);
    expect(await changesOf(created.body.id)).toBe(1);
    const changed = await saxony
      .put(url)
      .send({ ...body, urgency: 'low' })
      .expect(200);
    expect(changed.body).toMatchObject({ id: created.body.id, urgency: 'low' });
    expect(await changesOf(created.body.id)).toBe(2);
    expect((await saxony.get(url).expect(200)).body.id).toBe(created.body.id);

    const other = await t.http
      .put('/api/v1/integrations/other-system/needs/bedarf-1')
      .send({ municipalityAgs: '14625910', title: 'Digitale Bauakte' })
      .expect(201);
    expect(other.body.id).not.toBe(created.body.id);
    const rows = await t.db.query(`SELECT count(*)::int AS n FROM needs WHERE title = 'Digitale Bauakte'`);
    expect(rows[0].n).toBe(2);
  });

  it('names the systems’ ids in the change feed, a client seeing only its own systems’', async () => {
    const place = (await t.http.post('/api/v1/municipalities').send(municipality('14625930')).expect(201))
      .body;
    const mine = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/needs/im-feed')
      .send({ municipalityId: place.id, title: 'Im Feed' })
      .expect(201);
    await t.db.query(
      `INSERT INTO external_refs (kind, system, external_id, entity_id) VALUES ('need', 'zweites-system', 'z-1', $1)`,
      [mine.body.id],
    );
    const feedOf = async (agent: Agent) => {
      const items: { entityId: string; externalIds: unknown[] }[] = [];
      let after: string | undefined;
      for (;;) {
        const res = await agent
          .get('/api/v1/changes')
          .query({ types: 'need', limit: '1000', ...(after ? { after } : {}) })
          .expect(200);
        if (res.body.items.length === 0) return items;
        items.push(...res.body.items);
        after = res.body.nextCursor;
      }
    };
    const seenByClient = (await feedOf(saxony)).find((i) => i.entityId === mine.body.id);
    expect(seenByClient?.externalIds).toEqual([{ system: 'digitallotsen-sn', externalId: 'im-feed' }]);
    const seenByAdmin = (await feedOf(t.http)).find((i) => i.entityId === mine.body.id);
    expect(seenByAdmin?.externalIds).toEqual([
      { system: 'digitallotsen-sn', externalId: 'im-feed' },
      { system: 'zweites-system', externalId: 'z-1' },
    ]);
  });

  it('lists the cases of a need by the system’s id for the need: the progress a state system pulls back', async () => {
    const place = (await t.http.post('/api/v1/municipalities').send(municipality('14625950')).expect(201))
      .body;
    const need = (
      await saxony
        .put('/api/v1/integrations/digitallotsen-sn/needs/mit-fall')
        .send({ municipalityId: place.id, title: 'Mit Fall' })
        .expect(201)
    ).body;
    const url = '/api/v1/integrations/digitallotsen-sn/needs/mit-fall/transfer-cases';
    const reader = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-SN'] });
    expect((await reader.get(url).expect(200)).body).toEqual({ items: [], nextCursor: null });
    const opened = (await t.http.post('/api/v1/transfer-cases').send({ needId: need.id }).expect(201)).body;
    const res = await reader.get(url).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: opened.id, needId: need.id, status: 'erfasst', needTitle: 'Mit Fall' }),
    ]);
    await reader.get('/api/v1/integrations/digitallotsen-sn/needs/unbekannt/transfer-cases').expect(404);
    await saxony.get(url).expect(403); // no cases:read
  });

  it('creates one need for 10 concurrent PUTs of one new id', async () => {
    const place = (await t.http.post('/api/v1/municipalities').send(municipality('14625920')).expect(201))
      .body;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        saxony
          .put('/api/v1/integrations/digitallotsen-sn/needs/gleichzeitig')
          .send({ municipalityId: place.id, title: 'Gleichzeitig gemeldet' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const rows = await t.db.query(
      `SELECT count(*)::int AS n FROM needs WHERE title = 'Gleichzeitig gemeldet'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a system the client is not bound to (403), a need without one municipality (422), writing nothing', async () => {
    const untitled = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/needs/x-0')
      .send({ municipalityAgs: '14625910' })
      .expect(422);
    expect(untitled.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);
    const before = await countRows(t.db, 'needs');
    const foreign = await saxony
      .put('/api/v1/integrations/another-state/needs/x-1')
      .send({ municipalityAgs: '14625910', title: 'Fremd' })
      .expect(403);
    expect(foreign.headers['content-type']).toMatch(PROBLEM_JSON);
    const ambiguous = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/needs/x-2')
      .send({ municipalityAgs: '14625910', municipalityExternalId: 'gem-010', title: 'Doppelt' })
      .expect(422);
    expect(ambiguous.body.errors).toEqual([expect.objectContaining({ field: 'municipality' })]);
    const unknown = await saxony
      .put('/api/v1/integrations/digitallotsen-sn/needs/x-3')
      .send({ municipalityExternalId: 'gibt-es-nicht', title: 'Unbekannt' })
      .expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'municipalityExternalId' })]);
    const malformed = await saxony
      .put('/api/v1/integrations/Digitallotsen SN/needs/x 4')
      .send({ municipalityAgs: '14625910', title: 'Kaputt' })
      .expect(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field)).toEqual(['system', 'externalId']);
    expect(await countRows(t.db, 'needs')).toBe(before);
    await saxony.get('/api/v1/integrations/digitallotsen-sn/needs/gibt-es-nicht').expect(404);
  });
});
