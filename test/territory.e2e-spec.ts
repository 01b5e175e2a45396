import pg from 'pg';
import { aMunicipality, aRegion } from './support/builders.js';
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

/**
 * A region may hold municipalities of another state than its own, but only a caller who covers the
 * municipality's state as a whole puts one there; and every territory check holds on the row as
 * written, whatever another request does at the same moment.
 */
describe('territory: a region of another state, and on the row as written', () => {
  let t: TestApp;
  let leipzig: string;
  let dresden: string;
  let saxonPilot: Agent;
  let dresdenPilot: Agent;
  let bothRegionsPilot: Agent;
  let leipzigClient: Agent;
  const MUENCHEN_GEMEINDE = '09162123';

  beforeAll(async () => {
    t = await startTestApp();
    leipzig = (
      await t.http
        .post('/api/v1/regions')
        .send(aRegion({ code: 'leipzig' }))
        .expect(201)
    ).body.id;
    dresden = (
      await t.http
        .post('/api/v1/regions')
        .send(aRegion({ code: 'dresden' }))
        .expect(201)
    ).body.id;
    saxonPilot = await t.userAgent('lotse', [leipzig]);
    dresdenPilot = await t.userAgent('lotse', [dresden]);
    bothRegionsPilot = await t.userAgent('lotse', [leipzig, dresden]);
    leipzigClient = await t.clientAgent({ scopes: ['municipalities:write'], regionIds: [leipzig] });
  });
  afterAll(() => t.close());

  const CROSS_STATE_DETAIL =
    'region leipzig lies in DE-SN and the municipality in DE-BY; only admins, the Transferstelle and API clients of DE-BY may place it in a region of another state';

  async function rowsWithAgs(ags: string) {
    return t.db.query('SELECT state_code, region_id, name FROM municipalities WHERE ags = $1', [ags]);
  }

  function expectCrossStateRefusal(res: { status: number; body: unknown }) {
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      type: 'urn:transferstelle:problem:forbidden',
      status: 403,
      detail: CROSS_STATE_DETAIL,
      errors: [{ field: 'regionId', message: expect.stringMatching(/another state/) }],
    });
  }

  it('refuses a Saxon pilot putting a Bavarian municipality into her region with 403 naming regionId, storing nothing', async () => {
    const changes = await countRows(t.db, 'changes');
    const body = { name: 'Unterföhring', kind: 'gemeinde', regionId: leipzig };
    expectCrossStateRefusal(
      await saxonPilot.put(`/api/v1/municipalities/by-ags/${MUENCHEN_GEMEINDE}`).send(body),
    );
    expectCrossStateRefusal(
      await saxonPilot.post('/api/v1/municipalities').send({ ...body, ags: MUENCHEN_GEMEINDE }),
    );
    expect(await rowsWithAgs(MUENCHEN_GEMEINDE)).toEqual([]);
    expect(await countRows(t.db, 'changes')).toBe(changes);
  });

  it('refuses the same to an API client limited to the region, storing nothing', async () => {
    const body = { name: 'Unterföhring', kind: 'gemeinde', regionId: leipzig };
    expectCrossStateRefusal(
      await leipzigClient.put(`/api/v1/municipalities/by-ags/${MUENCHEN_GEMEINDE}`).send(body),
    );
    expectCrossStateRefusal(
      await leipzigClient.post('/api/v1/municipalities').send({ ...body, ags: MUENCHEN_GEMEINDE }),
    );
    expect(await rowsWithAgs(MUENCHEN_GEMEINDE)).toEqual([]);
  });

  it('lets an admin place a Bavarian municipality in a Saxon region, and stores it there', async () => {
    const res = await t.http
      .put('/api/v1/municipalities/by-ags/09162124')
      .send({ name: 'Grenzgemeinde', kind: 'gemeinde', regionId: leipzig })
      .expect(201);
    expect(res.body).toMatchObject({ ags: '09162124', stateCode: 'DE-BY', regionId: leipzig });
    expect(await rowsWithAgs('09162124')).toEqual([
      { state_code: 'DE-BY', region_id: leipzig, name: 'Grenzgemeinde' },
    ]);
  });

  it('lets the Transferstelle and an API client of the municipality’s state place it in a region of another state', async () => {
    const transferstelle = await t.userAgent('transferstelle');
    await transferstelle
      .post('/api/v1/municipalities')
      .send(aMunicipality({ ags: '09162125', regionId: leipzig }))
      .expect(201);
    const bavaria = await t.clientAgent({ scopes: ['municipalities:write'], stateCodes: ['DE-BY'] });
    const created = await bavaria
      .post('/api/v1/municipalities')
      .send(aMunicipality({ ags: '09162126' }))
      .expect(201);
    await bavaria.patch(`/api/v1/municipalities/${created.body.id}`).send({ regionId: dresden }).expect(200);
    expect((await rowsWithAgs('09162125'))[0].region_id).toBe(leipzig);
    expect((await rowsWithAgs('09162126'))[0].region_id).toBe(dresden);
  });

  it('refuses a pilot moving a Bavarian municipality from one of her regions into another (a new placement)', async () => {
    const placed = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '09162127', regionId: leipzig }))
        .expect(201)
    ).body;
    const res = await bothRegionsPilot
      .patch(`/api/v1/municipalities/${placed.id}`)
      .send({ regionId: dresden });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      detail: CROSS_STATE_DETAIL.replace('region leipzig', 'region dresden'),
      errors: [{ field: 'regionId' }],
    });
    await bothRegionsPilot
      .put(`/api/v1/municipalities/by-ags/${placed.ags}`)
      .send({ name: placed.name, kind: 'gemeinde', regionId: dresden })
      .expect(403);
    expect((await rowsWithAgs(placed.ags))[0].region_id).toBe(leipzig);
  });

  it('lets the pilot of the region keep writing a municipality an admin placed there (no new placement)', async () => {
    const placed = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '09162128', regionId: leipzig }))
        .expect(201)
    ).body;
    await saxonPilot.patch(`/api/v1/municipalities/${placed.id}`).send({ name: 'Umbenannt' }).expect(200);
    await saxonPilot
      .put(`/api/v1/municipalities/by-ags/${placed.ags}`)
      .send({ name: 'Per PUT', kind: 'gemeinde', regionId: leipzig })
      .expect(200);
    expect(await rowsWithAgs(placed.ags)).toEqual([
      { state_code: 'DE-BY', region_id: leipzig, name: 'Per PUT' },
    ]);
  });

  describe('an admin creating an AGS in Leipzig while the Dresden pilot PUTs it with Dresden', () => {
    const ADVISORY_COMMIT_ORDER_LOCK = 7_412_011;
    let fresh = 100;
    const freshAgs = () => `14729${String(++fresh).padStart(3, '0')}`;

    const post = (ags: string) =>
      t.http.post('/api/v1/municipalities').send(aMunicipality({ ags, regionId: leipzig }));
    const put = (ags: string) =>
      dresdenPilot
        .put(`/api/v1/municipalities/by-ags/${ags}`)
        .send({ name: 'Vom Piloten', kind: 'gemeinde', regionId: dresden });

    /** Backends of this test's database now waiting for a lock of this kind (`advisory`, `transactionid`). */
    async function waiting(event: string): Promise<number> {
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = $1`,
        [event],
      );
      return n;
    }
    /** Polls the database (bounded) for a step of a request that can only be observed there. */
    async function until(condition: () => Promise<boolean>): Promise<void> {
      for (let attempt = 0; attempt < 5000; attempt++) if (await condition()) return;
      throw new Error('condition not reached');
    }

    /**
     * Runs `first` until it has written its row and waits to commit (the commit-order lock is held
     * here), then `second` until it waits for that row, then lets both finish.
     */
    async function interleaved<A, B>(first: () => Promise<A>, second: () => Promise<B>): Promise<[A, B]> {
      const holder = new pg.Client({ connectionString: t.databaseUrl });
      await holder.connect();
      try {
        await holder.query('SELECT pg_advisory_lock($1)', [ADVISORY_COMMIT_ORDER_LOCK]);
        const a = first();
        await until(async () => (await waiting('advisory')) === 1);
        const b = second();
        await until(async () => (await waiting('transactionid')) === 1);
        await holder.query('SELECT pg_advisory_unlock($1)', [ADVISORY_COMMIT_ORDER_LOCK]);
        return await Promise.all([a, b]);
      } finally {
        await holder.end();
      }
    }

    it('refuses the pilot’s PUT with 403 when the admin’s insert was first, and the row stays in Leipzig', async () => {
      const ags = freshAgs();
      const [created, refused] = await interleaved(
        () => post(ags).then((res) => res),
        () => put(ags).then((res) => res),
      );
      expect(created.status).toBe(201);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ detail: 'this municipality lies outside your regions' });
      expect(await rowsWithAgs(ags)).toEqual([
        { state_code: 'DE-SN', region_id: leipzig, name: created.body.name },
      ]);
    });

    it('refuses the admin’s POST with 409 when the pilot’s insert was first, and the row stays in Dresden', async () => {
      const ags = freshAgs();
      const [created, refused] = await interleaved(
        () => put(ags).then((res) => res),
        () => post(ags).then((res) => res),
      );
      expect(created.status).toBe(201);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ errors: [{ field: 'ags' }] });
      expect(await rowsWithAgs(ags)).toEqual([
        { state_code: 'DE-SN', region_id: dresden, name: 'Vom Piloten' },
      ]);
    });

    it('never leaves the municipality outside the region its creator chose, over 30 races', async () => {
      const outcomes = { createdByAdmin: 0, createdByPilot: 0 };
      for (let run = 0; run < 30; run++) {
        const ags = freshAgs();
        const [posted, putted] = await Promise.all([post(ags), put(ags)]);
        const rows = await rowsWithAgs(ags);
        expect(rows).toHaveLength(1);
        if (posted.status === 201) {
          // The admin created it in Leipzig: the pilot may not write there, let alone move it.
          expect(putted.status).toBe(403);
          expect(rows[0].region_id).toBe(leipzig);
          outcomes.createdByAdmin += 1;
        } else {
          // The pilot created it in Dresden, in her own region; the admin's POST found the AGS taken.
          expect({ post: posted.status, put: putted.status }).toEqual({ post: 409, put: 201 });
          expect(rows[0].region_id).toBe(dresden);
          outcomes.createdByPilot += 1;
        }
      }
      expect(outcomes.createdByAdmin + outcomes.createdByPilot).toBe(30);
    });
  });
});
