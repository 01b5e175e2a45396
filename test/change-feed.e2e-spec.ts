import { aMunicipality } from './support/builders.js';
import { holdWriter } from './support/held-writer.js';
import { startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface FeedItem {
  position: string;
  entityType: string;
  entityId: string;
  action: string;
  version: number;
  actor: { kind: string; id: string; name: string } | null;
  data: Record<string, unknown>;
}

/** The change feed: commit order, every change exactly once, scoped to what the caller may see. */
describe('GET /changes', () => {
  let t: TestApp;
  let saxon: string;
  let bavarian: string;

  beforeAll(async () => {
    t = await startTestApp();
    saxon = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body.id;
    bavarian = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '09162123', name: 'Bayerische Testgemeinde' }))
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  /** Follows the feed from `after` until a page comes back empty; what it saw and where it stopped. */
  async function drain(agent: Agent, after?: string, query: Record<string, string> = {}) {
    const items: FeedItem[] = [];
    let cursor = after;
    for (let pages = 0; pages < 1000; pages++) {
      const res = await agent
        .get('/api/v1/changes')
        .query({ ...query, limit: '50', ...(cursor ? { after: cursor } : {}) })
        .expect(200);
      cursor = res.body.nextCursor;
      if (res.body.items.length === 0) return { items, cursor: cursor as string };
      items.push(...res.body.items);
    }
    throw new Error('the feed did not end');
  }

  const createNeed = (agent: Agent, title: string, municipalityId = saxon) =>
    agent.post('/api/v1/needs').send({ municipalityId, title }).expect(201);

  it('hands out a need’s changes in order, each once, and then an empty page at the same place', async () => {
    const { cursor: start } = await drain(t.http);
    const need = (await createNeed(t.http, 'Feed-Bedarf')).body;
    await t.http.patch(`/api/v1/needs/${need.id}`).send({ urgency: 'high' }).expect(200);
    await t.http.post(`/api/v1/needs/${need.id}/close`).send({ reason: 'erledigt' }).expect(200);

    const { items, cursor } = await drain(t.http, start);
    expect(items.map((i) => [i.entityType, i.entityId, i.action, i.version])).toEqual([
      ['need', need.id, 'created', 1],
      ['need', need.id, 'updated', 2],
      ['need', need.id, 'closed', 3],
    ]);
    expect(items[1].data).toEqual({ fields: ['urgency'] });
    expect(items[0].actor).toMatchObject({ kind: 'user', name: expect.any(String) });
    const again = await t.http.get('/api/v1/changes').query({ after: cursor }).expect(200);
    expect(again.body).toEqual({ items: [], nextCursor: cursor });
  });

  it('does not skip a transaction that wrote its record first and committed last', async () => {
    const { cursor: start } = await drain(t.http);
    const held = await holdWriter(t.databaseUrl);
    try {
      const { entityId: heldId, seq: heldSeq } = held;

      const committed = await Promise.all([1, 2, 3].map((i) => createNeed(t.http, `Vorbeigezogen ${i}`)));
      const first = await drain(t.http, start);
      expect(first.items.map((i) => i.entityId).sort()).toEqual(committed.map((r) => r.body.id).sort());
      // A reader ordered by seq alone would now stand past the held record and never see it.
      const seqs = await t.db.query('SELECT seq FROM changes WHERE entity_id = ANY($1)', [
        committed.map((r) => r.body.id),
      ]);
      expect(seqs.every((row: { seq: string }) => BigInt(row.seq) > BigInt(heldSeq))).toBe(true);

      await held.commit();

      const second = await drain(t.http, first.cursor);
      expect(second.items.map((i) => i.entityId)).toEqual([heldId]);
    } finally {
      await held.end();
    }
  });

  it('gives a reader following the cursor every change of 4 concurrent writers exactly once, in order per need', async () => {
    const { cursor: start } = await drain(t.http);
    const seen: FeedItem[] = [];
    let writing = true;
    let cursor = start;
    const reader = (async () => {
      // Reads as fast as it can while the writers run, then once more after they are done.
      for (let round = 0; round < 5000; round++) {
        const stillWriting = writing;
        const page = await drain(t.http, cursor);
        seen.push(...page.items);
        cursor = page.cursor;
        if (!stillWriting) return;
      }
    })();

    const held = await holdWriter(t.databaseUrl);
    const heldId = held.entityId;
    const writers = await Promise.all(
      [1, 2, 3, 4].map(async (w) => {
        const need = (await createNeed(t.http, `Schreiber ${w}`)).body;
        for (let v = 2; v <= 6; v++) {
          await t.http
            .patch(`/api/v1/needs/${need.id}`)
            .send({ title: `Schreiber ${w} v${v}` })
            .expect(200);
        }
        return need.id as string;
      }),
    );
    await held.commit();
    await held.end();
    writing = false;
    await reader;

    const expected = [...writers.flatMap((id) => [1, 2, 3, 4, 5, 6].map((v) => `${id}:${v}`)), `${heldId}:1`];
    const got = seen.map((i) => `${i.entityId}:${i.version}`);
    expect(got.length).toBe(expected.length);
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...expected].sort());
    for (const id of writers) {
      expect(seen.filter((i) => i.entityId === id).map((i) => i.version)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const positions = seen.map((i) => BigInt(i.position));
    expect(positions.every((p, i) => i === 0 || p >= positions[i - 1])).toBe(true);
  });

  it('keeps an API client to the kinds of its read scopes and to its territory', async () => {
    const saxonyClient = await t.clientAgent({ scopes: ['needs:read'], stateCodes: ['DE-SN'] });
    const { cursor: start } = await drain(saxonyClient);
    const inSaxony = (await createNeed(t.http, 'Sächsischer Bedarf')).body.id;
    const inBavaria = (await createNeed(t.http, 'Bayerischer Bedarf', bavarian)).body.id;
    await t.http.patch(`/api/v1/municipalities/${saxon}`).send({ population: 4242 }).expect(200);

    const { items } = await drain(saxonyClient, start);
    expect(items.map((i) => i.entityId)).toEqual([inSaxony]);
    const everything = await drain(t.http);
    expect(everything.items.map((i) => i.entityId)).toEqual(
      expect.arrayContaining([inSaxony, inBavaria, saxon]),
    );

    const refused = await saxonyClient
      .get('/api/v1/changes')
      .query({ types: 'need,transfer_case' })
      .expect(403);
    expect(refused.body.detail).toMatch(/cases:read/);
    const noReadScope = await t.clientAgent({ scopes: ['regions:read'], stateCodes: ['DE-SN'] });
    expect((await noReadScope.get('/api/v1/changes').expect(200)).body.items).toEqual([]);
  });

  it('files a change under the place it leaves the entity in: a municipality moved into a region shows in its feed', async () => {
    const region = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'feed-region', name: 'Feedregion', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    const regionClient = await t.clientAgent({ scopes: ['municipalities:read'], regionIds: [region] });
    const { cursor: start } = await drain(regionClient);
    const m = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body;
    await t.http.patch(`/api/v1/municipalities/${m.id}`).send({ regionId: region }).expect(200);
    const { items } = await drain(regionClient, start);
    expect(items.map((i) => [i.entityId, i.action, i.version])).toEqual([[m.id, 'updated', 2]]);
  });

  it('refuses a malformed cursor, a cursor of other types and an unknown type with 400', async () => {
    const { cursor } = await drain(t.http, undefined, { types: 'need' });
    await t.http.get('/api/v1/changes').query({ types: 'need', after: cursor }).expect(200);
    const otherTypes = await t.http
      .get('/api/v1/changes')
      .query({ types: 'solution', after: cursor })
      .expect(400);
    expect(otherTypes.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    await t.http.get('/api/v1/changes').query({ after: 'not a cursor!' }).expect(400);
    const unknown = await t.http.get('/api/v1/changes').query({ types: 'region' }).expect(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'types' })]);
  });
});
