import { aMunicipality } from './support/builders.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

/** `POST /integrations/{system}/needs:bulk`: all or nothing, per-item answers, set-based writes. */
describe('bulk needs by external id', () => {
  let t: TestApp;
  let saxony: Agent;
  const url = '/api/v1/integrations/digitallotsen-sn/needs:bulk';

  beforeAll(async () => {
    t = await startTestApp();
    await t.http
      .post('/api/v1/municipalities')
      .send(aMunicipality({ ags: '14625970' }))
      .expect(201);
    saxony = await t.clientAgent({
      scopes: ['needs:read', 'needs:write'],
      stateCodes: ['DE-SN'],
      systems: ['digitallotsen-sn'],
    });
  });
  afterAll(() => t.close());

  const batch = (n: number, title = (i: number) => `Sammelbedarf ${i}`) =>
    Array.from({ length: n }, (_, i) => ({
      externalId: `b-${i}`,
      municipalityAgs: '14625970',
      title: title(i),
    }));

  it('writes 1 000 needs in one request, then answers unchanged and records nothing for the same batch', async () => {
    const changesBefore = await countRows(t.db, 'changes');
    const res = await saxony
      .post(url)
      .send({ items: batch(1000) })
      .expect(200);
    expect(res.body.items).toHaveLength(1000);
    expect(res.body.items[0]).toEqual({
      index: 0,
      externalId: 'b-0',
      result: 'created',
      id: expect.any(String),
    });
    expect(new Set(res.body.items.map((i: { result: string }) => i.result))).toEqual(new Set(['created']));
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM needs WHERE title LIKE 'Sammelbedarf %'`,
    );
    expect(n).toBe(1000);
    expect(await countRows(t.db, 'changes')).toBe(changesBefore + 1000);
    const byRef = await saxony.get('/api/v1/integrations/digitallotsen-sn/needs/b-999').expect(200);
    expect(byRef.body).toMatchObject({
      id: res.body.items[999].id,
      title: 'Sammelbedarf 999',
      source: 'api',
    });

    const again = await saxony
      .post(url)
      .send({ items: batch(1000) })
      .expect(200);
    expect(new Set(again.body.items.map((i: { result: string }) => i.result))).toEqual(
      new Set(['unchanged']),
    );
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(
      res.body.items.map((i: { id: string }) => i.id),
    );
    expect(await countRows(t.db, 'changes')).toBe(changesBefore + 1000);

    const mixed = batch(3, (i) => (i === 1 ? 'Geänderter Titel' : `Sammelbedarf ${i}`));
    mixed.push({ externalId: 'b-neu', municipalityAgs: '14625970', title: 'Ganz neu' });
    const third = await saxony.post(url).send({ items: mixed }).expect(200);
    expect(third.body.items.map((i: { result: string }) => i.result)).toEqual([
      'unchanged',
      'updated',
      'unchanged',
      'created',
    ]);
    const [updated] = await t.db.query('SELECT title, version FROM needs WHERE id = $1', [
      res.body.items[1].id,
    ]);
    expect(updated).toEqual({ title: 'Geänderter Titel', version: 2 });
  });

  it('writes nothing when one item of 1 000 cannot be written, naming it by its index', async () => {
    const before = await countRows(t.db, 'needs');
    const changes = await countRows(t.db, 'changes');
    const items = batch(1000).map((item) => ({ ...item, externalId: `c-${item.externalId}` }));
    items[500] = { externalId: 'c-500', municipalityAgs: '14625999', title: 'Unbekannte Gemeinde' };
    const res = await saxony.post(url).send({ items }).expect(422);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      type: 'urn:transferstelle:problem:bulk-refused',
      items: [
        { index: 500, externalId: 'c-500', errors: [expect.objectContaining({ field: 'municipalityAgs' })] },
      ],
    });
    expect(await countRows(t.db, 'needs')).toBe(before);
    expect(await countRows(t.db, 'changes')).toBe(changes);
    expect(await countRows(t.db, 'external_refs')).toBe(
      Number(
        (await t.db.query(`SELECT count(*)::int AS n FROM external_refs WHERE external_id NOT LIKE 'c-%'`))[0]
          .n,
      ),
    );
  });

  it('refuses a malformed item with 400 naming its path, a repeated externalId, and more than 1 000 items', async () => {
    const items = batch(10);
    items[7] = { ...items[7], title: 'x'.repeat(301) };
    const res = await saxony.post(url).send({ items }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'items[7].title' })]);
    const twice = await saxony
      .post(url)
      .send({ items: [batch(1)[0], batch(1)[0]] })
      .expect(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'items' })]);
    await saxony
      .post(url)
      .send({ items: batch(1001) })
      .expect(400);
    await saxony
      .post('/api/v1/integrations/fremd/needs:bulk')
      .send({ items: batch(1) })
      .expect(403);
  });
});
