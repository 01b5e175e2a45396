import { aMunicipality } from './support/builders.js';
import { countRows, startTestApp, type Agent, type TestApp } from './support/test-app.js';

describe('territory: pilots write only in their regions', () => {
  let t: TestApp;
  let pilot: Agent;
  let analyst: Agent;
  let own: string;
  let other: string;

  beforeAll(async () => {
    t = await startTestApp();
    own = (
      await t.http.post('/api/v1/regions').send({ code: 'own', name: 'Own', stateCode: 'DE-SN' }).expect(201)
    ).body.id;
    other = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'other', name: 'Other', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    pilot = await t.userAgent('lotse', [own]);
    analyst = await t.userAgent('analyst');
  });
  afterAll(() => t.close());

  async function municipalityIn(regionId: string | null) {
    return (await t.http.post('/api/v1/municipalities').send(aMunicipality({ regionId })).expect(201))
      .body as {
      id: string;
      ags: string;
      name: string;
    };
  }

  async function stored(id: string) {
    const [row] = await t.db.query('SELECT name, region_id FROM municipalities WHERE id = $1', [id]);
    return row;
  }

  it('creates, changes and deletes municipalities in her region', async () => {
    const created = await pilot
      .post('/api/v1/municipalities')
      .send(aMunicipality({ regionId: own }))
      .expect(201);
    await pilot.patch(`/api/v1/municipalities/${created.body.id}`).send({ name: 'Umbenannt' }).expect(200);
    expect(await stored(created.body.id)).toEqual({ name: 'Umbenannt', region_id: own });
    await pilot
      .put(`/api/v1/municipalities/by-ags/${created.body.ags}`)
      .send({ name: 'Per PUT', kind: 'gemeinde' })
      .expect(200);
    await pilot.delete(`/api/v1/municipalities/${created.body.id}`).expect(204);
    expect(await stored(created.body.id)).toBeUndefined();
  });

  it('refuses creating outside her regions with 403 and stores nothing', async () => {
    const before = await countRows(t.db, 'municipalities');
    const res = await pilot
      .post('/api/v1/municipalities')
      .send(aMunicipality({ regionId: other }))
      .expect(403);
    expect(res.body).toMatchObject({ status: 403, detail: 'this municipality lies outside your regions' });
    await pilot.post('/api/v1/municipalities').send(aMunicipality()).expect(403);
    await pilot
      .put('/api/v1/municipalities/by-ags/14625555')
      .send({ name: 'X', kind: 'gemeinde' })
      .expect(403);
    expect(await countRows(t.db, 'municipalities')).toBe(before);
  });

  it('refuses changing or deleting a municipality of another region, changing nothing', async () => {
    const foreign = await municipalityIn(other);
    await pilot.patch(`/api/v1/municipalities/${foreign.id}`).send({ name: 'Gekapert' }).expect(403);
    await pilot
      .put(`/api/v1/municipalities/by-ags/${foreign.ags}`)
      .send({ name: 'Gekapert', kind: 'gemeinde' })
      .expect(403);
    await pilot.delete(`/api/v1/municipalities/${foreign.id}`).expect(403);
    expect(await stored(foreign.id)).toEqual({ name: foreign.name, region_id: other });
  });

  it('refuses moving a municipality out of her region or into it from elsewhere', async () => {
    const mine = await municipalityIn(own);
    await pilot.patch(`/api/v1/municipalities/${mine.id}`).send({ regionId: other }).expect(403);
    await pilot.patch(`/api/v1/municipalities/${mine.id}`).send({ regionId: null }).expect(403);
    expect(await stored(mine.id)).toEqual({ name: mine.name, region_id: own });

    const foreign = await municipalityIn(other);
    await pilot.patch(`/api/v1/municipalities/${foreign.id}`).send({ regionId: own }).expect(403);
    expect((await stored(foreign.id)).region_id).toBe(other);
  });

  it('still reads everything: sharing is the point', async () => {
    const foreign = await municipalityIn(other);
    await pilot.get(`/api/v1/municipalities/${foreign.id}`).expect(200);
    const list = await pilot.get(`/api/v1/municipalities?regionId=${other}`).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
  });

  it('lets analysts read but never write', async () => {
    const mine = await municipalityIn(own);
    await analyst.get(`/api/v1/municipalities/${mine.id}`).expect(200);
    await analyst.patch(`/api/v1/municipalities/${mine.id}`).send({ name: 'Analysiert' }).expect(403);
    await analyst
      .post('/api/v1/municipalities')
      .send(aMunicipality({ regionId: own }))
      .expect(403);
    expect((await stored(mine.id)).name).toBe(mine.name);
  });
});
