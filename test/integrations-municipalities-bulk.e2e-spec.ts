import { aRegion } from './support/builders.js';
import { logQueries } from './support/query-log.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface Item {
  externalId: string;
  ags: string;
  name: string;
  kind: string;
  population?: number | null;
  regionId?: string | null;
}

type Results = { body: { items: Array<{ result: string; id: string }> } };
const resultsOf = (res: Results) => res.body.items.map((item) => item.result);
const idsOf = (res: Results) => res.body.items.map((item) => item.id);

/** `POST /integrations/{system}/municipalities:bulk`: as the PUT by external id per item, all or nothing. */
describe('bulk municipalities by external id', () => {
  let t: TestApp;
  let saxony: Agent;
  const system = 'digitallotsen-sn';
  const url = `/api/v1/integrations/${system}/municipalities:bulk`;

  beforeAll(async () => {
    t = await startTestApp();
    saxony = await t.clientAgent({
      scopes: ['municipalities:read', 'municipalities:write'],
      stateCodes: ['DE-SN'],
      systems: [system],
    });
  });
  afterAll(() => t.close());

  /**
   * `n` Gemeinden in Saxony with AGS of their own: 500 per Kreisschlüssel, from `146<district>001`
   * on (Gemeinde numbers never end in 000). Each test takes its own districts and id prefix.
   */
  const batch = (n: number, district: number, prefix: string): Item[] =>
    Array.from({ length: n }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      ags: `146${String(district + Math.floor(i / 500)).padStart(2, '0')}${String((i % 500) + 1).padStart(3, '0')}`,
      name: `Sammelgemeinde ${prefix} ${i}`,
      kind: 'gemeinde',
      population: 1000 + i,
    }));
  const rowsWithAgsIn = async (agsList: string[]) =>
    Number(
      (await t.db.query('SELECT count(*)::int AS n FROM municipalities WHERE ags = ANY($1)', [agsList]))[0].n,
    );

  it('writes 1 000 municipalities in one request, then answers unchanged and records nothing for the same batch', async () => {
    const changesBefore = await countRows(t.db, 'changes');
    const items = batch(1000, 10, 'm');
    const res = await saxony.post(url).send({ items }).expect(200);
    expect(res.body.items).toHaveLength(1000);
    expect(res.body.items[0]).toEqual({
      index: 0,
      externalId: 'm-0',
      result: 'created',
      id: expect.any(String),
    });
    expect(new Set(resultsOf(res))).toEqual(new Set(['created']));
    expect(await rowsWithAgsIn(items.map((item) => item.ags))).toBe(1000);
    expect(await countRows(t.db, 'changes')).toBe(changesBefore + 1000);
    const byRef = await saxony.get(`/api/v1/integrations/${system}/municipalities/m-999`).expect(200);
    expect(byRef.body).toMatchObject({
      id: res.body.items[999].id,
      ags: items[999].ags,
      name: 'Sammelgemeinde m 999',
      stateCode: 'DE-SN',
      population: 1999,
    });

    const again = await saxony.post(url).send({ items }).expect(200);
    expect(new Set(resultsOf(again))).toEqual(new Set(['unchanged']));
    expect(idsOf(again)).toEqual(idsOf(res));
    expect(await countRows(t.db, 'changes')).toBe(changesBefore + 1000);
  });

  it('checks and writes a batch in as many statements for 200 items as for 10', async () => {
    const statementsFor = async (size: number, district: number) => {
      const items = batch(size, district, `count-${size}`);
      // Half of them exist already with another name: the batch creates half and updates half.
      await saxony
        .post(url)
        .send({ items: items.slice(0, size / 2) })
        .expect(200);
      const changed = items.map((item) => ({ ...item, name: `${item.name} neu` }));
      const log = logQueries(t.db);
      try {
        const statements = await log.during(() => saxony.post(url).send({ items: changed }).expect(200));
        return statements.length;
      } finally {
        log.stop();
      }
    };
    expect(await statementsFor(200, 33)).toBe(await statementsFor(10, 34));
  });

  it('answers per item for a mixed batch, counting versions up only where something changed', async () => {
    const region = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body;
    const [kept, renamed, regioned, withoutPopulation] = batch(4, 20, 'mix');
    const first = await saxony
      .post(url)
      .send({ items: [kept, renamed, regioned, withoutPopulation] })
      .expect(200);
    const changesBefore = await countRows(t.db, 'changes');
    const fresh = { ...batch(1, 22, 'mix-new')[0] };
    const res = await saxony
      .post(url)
      .send({
        items: [
          kept,
          { ...renamed, name: '  Umbenannt  ' },
          { ...regioned, regionId: region.id },
          // Absent population and region stay as they are.
          { ...withoutPopulation, population: undefined },
          fresh,
        ],
      })
      .expect(200);
    expect(resultsOf(res)).toEqual(['unchanged', 'updated', 'updated', 'unchanged', 'created']);
    expect(idsOf(res).slice(0, 4)).toEqual(idsOf(first));
    const rows: Array<{ id: string; name: string; version: number; population: number; region_id: string }> =
      await t.db.query(
        'SELECT id, name, version, population, region_id FROM municipalities WHERE id = ANY($1)',
        [idsOf(res)],
      );
    const row = (index: number) => rows.find((r) => r.id === res.body.items[index].id);
    expect(row(0)).toMatchObject({ version: 1 });
    expect(row(1)).toMatchObject({ name: 'Umbenannt', version: 2 });
    expect(row(2)).toMatchObject({ region_id: region.id, version: 2 });
    expect(row(3)).toMatchObject({ population: withoutPopulation.population, version: 1 });
    expect(row(4)).toMatchObject({ version: 1 });
    expect(await countRows(t.db, 'changes')).toBe(changesBefore + 3);
    const [{ version }] = await t.db.query(
      'SELECT version FROM changes WHERE entity_id = $1 ORDER BY seq DESC LIMIT 1',
      [res.body.items[1].id],
    );
    expect(version).toBe(2);

    const cleared = await saxony
      .post(url)
      .send({ items: [{ ...regioned, regionId: null, population: null }] })
      .expect(200);
    expect(resultsOf(cleared)).toEqual(['updated']);
    expect(
      (
        await t.db.query('SELECT population, region_id FROM municipalities WHERE id = $1', [idsOf(first)[2]])
      )[0],
    ).toEqual({ population: null, region_id: null });
  });

  it('records each creation and change as the PUT by external id does: action, data, version and place', async () => {
    const region = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body;
    const [byPut, byBulk] = batch(2, 30, 'same').map((item) => ({ ...item, regionId: region.id }));
    const recordsOf = (id: string) =>
      t.db.query(
        `SELECT action, data, version, state_code, region_id, actor_client_id FROM changes WHERE entity_id = $1 ORDER BY seq`,
        [id],
      );
    const { externalId: putId, ...putBody } = byPut;
    const single = (
      await saxony.put(`/api/v1/integrations/${system}/municipalities/${putId}`).send(putBody).expect(201)
    ).body;
    await saxony
      .put(`/api/v1/integrations/${system}/municipalities/${putId}`)
      .send({ ...putBody, name: 'Neu', regionId: null })
      .expect(200);
    const bulk = (
      await saxony
        .post(url)
        .send({ items: [byBulk] })
        .expect(200)
    ).body.items[0];
    await saxony
      .post(url)
      .send({ items: [{ ...byBulk, name: 'Neu', regionId: null }] })
      .expect(200);
    const withoutAgs = (records: Array<{ data: Record<string, unknown> }>) =>
      records.map((record) => ({ ...record, data: { ...record.data, ags: record.data.ags && 'AGS' } }));
    const fromPut = withoutAgs(await recordsOf(single.id));
    expect(fromPut).toHaveLength(2);
    expect(fromPut[0]).toMatchObject({
      action: 'created',
      version: 1,
      state_code: 'DE-SN',
      region_id: region.id,
    });
    expect(fromPut[1]).toMatchObject({ action: 'updated', version: 2, region_id: null });
    expect(withoutAgs(await recordsOf(bulk.id))).toEqual(fromPut);
  });

  it('writes nothing when one item of 1 000 cannot be written, naming it by its index', async () => {
    const before = await countRows(t.db, 'municipalities');
    const changes = await countRows(t.db, 'changes');
    const refs = await countRows(t.db, 'external_refs');
    const items = batch(1000, 40, 'bad');
    items[500] = { ...items[500], ags: '09162500' }; // München: outside this client's Saxony
    const res = await saxony.post(url).send({ items }).expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      type: 'urn:transferstelle:problem:bulk-refused',
      status: 422,
      items: [{ index: 500, externalId: 'bad-500', errors: [expect.objectContaining({ field: 'ags' })] }],
    });
    expect(res.body.items).toHaveLength(1);
    expect(await countRows(t.db, 'municipalities')).toBe(before);
    expect(await countRows(t.db, 'changes')).toBe(changes);
    expect(await countRows(t.db, 'external_refs')).toBe(refs);
  });

  it('names each refused item with its fields: a kind that does not fit the AGS, an unknown region', async () => {
    const items = batch(3, 50, 'fields');
    items[0] = { ...items[0], kind: 'landkreis' };
    items[2] = { ...items[2], regionId: '00000000-0000-4000-8000-000000000000' };
    const res = await saxony.post(url).send({ items }).expect(422);
    expect(res.body.items).toEqual([
      { index: 0, externalId: 'fields-0', errors: [expect.objectContaining({ field: 'kind' })] },
      { index: 2, externalId: 'fields-2', errors: [expect.objectContaining({ field: 'regionId' })] },
    ]);
    expect(await rowsWithAgsIn(items.map((item) => item.ags))).toBe(0);
  });

  it('refuses a client limited to a Saxon region a Bavarian municipality in it (422 naming regionId), writing nothing', async () => {
    const region = (
      await t.http
        .post('/api/v1/regions')
        .send(aRegion({ code: 'bulk-leipzig' }))
        .expect(201)
    ).body.id;
    const limited = await t.clientAgent({
      scopes: ['municipalities:write'],
      regionIds: [region],
      systems: [system],
    });
    const [saxon] = batch(1, 51, 'placed').map((item) => ({ ...item, regionId: region }));
    const bavarian = { ...saxon, externalId: 'placed-by', ags: '09162321', regionId: region };
    const res = await limited
      .post(url)
      .send({ items: [saxon, bavarian] })
      .expect(422);
    expect(res.body.items).toEqual([
      {
        index: 1,
        externalId: 'placed-by',
        errors: [
          {
            field: 'regionId',
            message:
              'region bulk-leipzig lies in DE-SN and the municipality in DE-BY; only admins, the Transferstelle and API clients of DE-BY may place it in a region of another state',
          },
        ],
      },
    ]);
    expect(await rowsWithAgsIn([saxon.ags, bavarian.ags])).toBe(0);

    // Placed there by a client of Bavaria, the region's client may keep writing it, but not move it.
    const bavaria = await t.clientAgent({
      scopes: ['municipalities:write'],
      stateCodes: ['DE-BY'],
      systems: [system],
    });
    const placed = await bavaria
      .post(url)
      .send({ items: [bavarian] })
      .expect(200);
    expect(resultsOf(placed)).toEqual(['created']);
    const renamed = await limited
      .post(url)
      .send({ items: [{ ...bavarian, name: 'Umbenannt' }] })
      .expect(200);
    expect(resultsOf(renamed)).toEqual(['updated']);
    const other = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body.id;
    const both = await t.clientAgent({
      scopes: ['municipalities:write'],
      regionIds: [region, other],
      systems: [system],
    });
    const moved = await both
      .post(url)
      .send({ items: [{ ...bavarian, regionId: other }] })
      .expect(422);
    expect(moved.body.items).toEqual([
      { index: 0, externalId: 'placed-by', errors: [expect.objectContaining({ field: 'regionId' })] },
    ]);
    expect(
      await t.db.query('SELECT state_code, region_id, name FROM municipalities WHERE ags = $1', [
        bavarian.ags,
      ]),
    ).toEqual([{ state_code: 'DE-BY', region_id: region, name: 'Umbenannt' }]);
  });

  it('keeps the AGS of a linked municipality (422 naming ags) and one id per municipality (422 naming externalId)', async () => {
    const [linked, other] = batch(2, 60, 'fixed');
    await saxony
      .post(url)
      .send({ items: [linked, other] })
      .expect(200);
    const moved = await saxony
      .post(url)
      .send({ items: [{ ...linked, ags: '14660999' }] })
      .expect(422);
    expect(moved.body.items).toEqual([
      { index: 0, externalId: 'fixed-0', errors: [expect.objectContaining({ field: 'ags' })] },
    ]);
    const taken = await saxony
      .post(url)
      .send({ items: [batch(1, 61, 'fresh')[0], { ...other, externalId: 'fixed-other' }] })
      .expect(422);
    expect(taken.body.items).toEqual([
      { index: 1, externalId: 'fixed-other', errors: [expect.objectContaining({ field: 'externalId' })] },
    ]);
    expect(await rowsWithAgsIn(['14660999', batch(1, 61, 'fresh')[0].ags])).toBe(0);
  });

  it('links an existing municipality by its AGS, and creates anew for an id whose municipality was deleted', async () => {
    const [existing, deleted] = batch(2, 70, 'link');
    const { externalId: _, ...body } = existing;
    const made = (await t.http.post('/api/v1/municipalities').send(body).expect(201)).body;
    const first = await saxony
      .post(url)
      .send({ items: [existing, deleted] })
      .expect(200);
    expect(resultsOf(first)).toEqual(['unchanged', 'created']);
    expect(first.body.items[0].id).toBe(made.id);
    expect(
      (await saxony.get(`/api/v1/integrations/${system}/municipalities/link-0`).expect(200)).body.id,
    ).toBe(made.id);

    await t.http.delete(`/api/v1/municipalities/${first.body.items[1].id}`).expect(204);
    const again = await saxony
      .post(url)
      .send({ items: [existing, deleted] })
      .expect(200);
    expect(resultsOf(again)).toEqual(['unchanged', 'created']);
    expect(again.body.items[1].id).not.toBe(first.body.items[1].id);
    expect(
      (await saxony.get(`/api/v1/integrations/${system}/municipalities/link-1`).expect(200)).body.id,
    ).toBe(again.body.items[1].id);
  });

  it('refuses a malformed item, a repeated externalId or AGS and more than 1 000 items (400), another system (403)', async () => {
    const items = batch(10, 80, 'shape');
    items[7] = { ...items[7], ags: '1462' };
    const res = await saxony.post(url).send({ items }).expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'items[7].ags' })]);
    const [one, two] = batch(2, 80, 'shape');
    const sameId = await saxony
      .post(url)
      .send({ items: [one, { ...two, externalId: one.externalId }] })
      .expect(400);
    expect(sameId.body.errors).toEqual([expect.objectContaining({ field: 'items' })]);
    const sameAgs = await saxony
      .post(url)
      .send({ items: [one, { ...two, ags: one.ags }] })
      .expect(400);
    expect(sameAgs.body.errors).toEqual([expect.objectContaining({ field: 'items' })]);
    await saxony
      .post(url)
      .send({ items: batch(1001, 80, 'shape') })
      .expect(400);
    await saxony.post(url).send({ items: [] }).expect(400);
    const foreign = await saxony
      .post('/api/v1/integrations/fremd/municipalities:bulk')
      .send({ items: [one] })
      .expect(403);
    expect(foreign.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(await rowsWithAgsIn([one.ags, two.ags])).toBe(0);
  });

  it('creates each municipality and links each id once when the same new batch arrives twice at once', async () => {
    const items = batch(300, 90, 'race');
    const responses = await Promise.all([saxony.post(url).send({ items }), saxony.post(url).send({ items })]);
    const statuses = responses.map((res) => res.status).sort();
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(statuses);
    // One created them all; the other found them all (unchanged) or came too late to write (409).
    const answers = responses.map((res) =>
      res.status === 200 ? [...new Set(resultsOf(res as unknown as Results))].join() : res.body.type,
    );
    expect(answers.sort()).toEqual(
      statuses[1] === 200
        ? ['created', 'unchanged']
        : ['created', expect.stringMatching(/^urn:transferstelle:problem:[a-z-]+-contended$/)],
    );
    const [{ rows, distinct }] = await t.db.query(
      'SELECT count(*)::int AS rows, count(DISTINCT ags)::int AS distinct FROM municipalities WHERE ags = ANY($1)',
      [items.map((item) => item.ags)],
    );
    expect({ rows, distinct }).toEqual({ rows: 300, distinct: 300 });
    const [{ refs, ids }] = await t.db.query(
      `SELECT count(*)::int AS refs, count(DISTINCT external_id)::int AS ids FROM external_refs
       WHERE kind = 'municipality' AND system = $1 AND external_id LIKE 'race-%'`,
      [system],
    );
    expect({ refs, ids }).toEqual({ refs: 300, ids: 300 });
  });
});
