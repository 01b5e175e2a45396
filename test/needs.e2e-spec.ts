import { logQueries } from './support/query-log.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

describe('needs', () => {
  let t: TestApp;
  let pilot: Agent;
  let analyst: Agent;
  let ownMunicipality: string;
  let otherMunicipality: string;

  beforeAll(async () => {
    t = await startTestApp();
    const own = (await t.http.post('/api/v1/regions').send({ code: 'own', name: 'Own', stateCode: 'DE-SN' }))
      .body.id;
    const other = (
      await t.http.post('/api/v1/regions').send({ code: 'other', name: 'Other', stateCode: 'DE-SN' })
    ).body.id;
    ownMunicipality = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625301', name: 'Eigendorf', kind: 'gemeinde', regionId: own })
        .expect(201)
    ).body.id;
    otherMunicipality = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '08416302', name: 'Fremdstadt', kind: 'stadt', regionId: other })
        .expect(201)
    ).body.id;
    pilot = await t.userAgent('lotse', [own]);
    analyst = await t.userAgent('analyst');
  });
  afterAll(() => t.close());

  const aNeed = (overrides: Record<string, unknown> = {}) => ({
    municipalityId: ownMunicipality,
    title: 'Wartezeiten im Bürgerbüro',
    description: 'Bürger warten wochenlang auf einen Termin für den Personalausweis.',
    topics: ['buergerservice'],
    urgency: 'high',
    ...overrides,
  });

  describe('POST /needs', () => {
    it('records a need with who captured it and stores it', async () => {
      const res = await pilot.post('/api/v1/needs').send(aNeed()).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        municipalityId: ownMunicipality,
        title: 'Wartezeiten im Bürgerbüro',
        description: 'Bürger warten wochenlang auf einen Termin für den Personalausweis.',
        topics: ['buergerservice'],
        urgency: 'high',
        source: 'desk',
        capturedBy: { kind: 'user', id: expect.any(String), name: 'Test lotse' },
        capturedAt: expect.any(String),
        status: 'open',
        closedAt: null,
        solvedAt: null,
        solvedByCaseId: null,
        reopenReason: null,
        closeReason: null,
        // Judged in the same write; this file's catalogue is empty, so nothing fits.
        bestFit: { fit: 'weak', score: 0, solutionId: null, assessedAt: expect.any(String), current: true },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.db.query('SELECT title, source, captured_by_user_id FROM needs WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({
        title: 'Wartezeiten im Bürgerbüro',
        source: 'desk',
        captured_by_user_id: res.body.capturedBy.id,
      });
    });

    it('marks needs pushed by a state system as source api', async () => {
      const client = await t.clientAgent({ scopes: ['needs:write'], stateCodes: ['DE-SN'] });
      const res = await client.post('/api/v1/needs').send(aNeed()).expect(201);
      expect(res.body).toMatchObject({
        source: 'api',
        capturedBy: { kind: 'client', id: expect.any(String), name: expect.stringMatching(/^Test client/) },
      });
      await client
        .post('/api/v1/needs')
        .send(aNeed({ municipalityId: otherMunicipality }))
        .expect(403);
    });

    it('accepts a past capture time and refuses a future one', async () => {
      const past = await t.http
        .post('/api/v1/needs')
        .send(aNeed({ capturedAt: '2026-01-15T09:30:00.000Z' }))
        .expect(201);
      expect(past.body.capturedAt).toBe('2026-01-15T09:30:00.000Z');
      const future = await t.http
        .post('/api/v1/needs')
        .send(aNeed({ capturedAt: '2999-01-01T00:00:00Z' }))
        .expect(400);
      expect(future.body.errors).toEqual([expect.objectContaining({ field: 'capturedAt' })]);
    });

    it.each([
      ['an unknown field', { priority: 1 }, 'priority'],
      ['an empty title', { title: '' }, 'title'],
      ['a 20 000-character title', { title: 'x'.repeat(20_000) }, 'title'],
      ['a wrong urgency', { urgency: 'sofort' }, 'urgency'],
      ['a malformed municipality id', { municipalityId: 'dresden' }, 'municipalityId'],
      ['a topic that is no slug', { topics: ['Bürger Service'] }, 'topics'],
      ['a description that is no text', { description: 42 }, 'description'],
      ['a bad capture time', { capturedAt: 'gestern' }, 'capturedAt'],
    ])('refuses %s with 400 naming the field and stores nothing', async (_label, overrides, field) => {
      const before = await countRows(t.db, 'needs');
      const res = await t.http.post('/api/v1/needs').send(aNeed(overrides)).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countRows(t.db, 'needs')).toBe(before);
    });

    it('refuses a municipality that does not exist with 422', async () => {
      const res = await t.http
        .post('/api/v1/needs')
        .send(aNeed({ municipalityId: '6f1c1c9e-0000-4000-8000-000000000000' }))
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'municipalityId' })]);
    });

    it('refuses a pilot outside her regions with 403 and stores nothing; analysts never write', async () => {
      const before = await countRows(t.db, 'needs');
      const res = await pilot
        .post('/api/v1/needs')
        .send(aNeed({ municipalityId: otherMunicipality }))
        .expect(403);
      expect(res.body.detail).toBe('this municipality lies outside your regions');
      await analyst.post('/api/v1/needs').send(aNeed()).expect(403);
      expect(await countRows(t.db, 'needs')).toBe(before);
    });
  });

  describe('reading', () => {
    it('reads one need; 404 unknown, 400 malformed', async () => {
      const need = (await t.http.post('/api/v1/needs').send(aNeed()).expect(201)).body;
      expect((await analyst.get(`/api/v1/needs/${need.id}`).expect(200)).body.id).toBe(need.id);
      await t.http.get('/api/v1/needs/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      await t.http.get('/api/v1/needs/abc').expect(400);
    });

    it('names who captured each need, with the same queries for 4 or 50 needs and no contact data', async () => {
      const municipality = (
        await t.http
          .post('/api/v1/municipalities')
          .send({ ags: '14625398', name: 'Namensdorf', kind: 'gemeinde' })
          .expect(201)
      ).body.id;
      const client = await t.clientAgent({ scopes: ['needs:write'], stateCodes: ['DE-SN'] });
      const clientId = (await client.get('/api/v1/auth/me').expect(200)).body.id;
      const admin = (await t.http.get('/api/v1/auth/me').expect(200)).body.id;
      // 50 needs by three people and one system; a fifth author's account is gone.
      const authors = [
        t.http,
        client,
        await t.userAgent('transferstelle'),
        await t.userAgent('transferstelle'),
      ];
      for (let i = 0; i < 50; i++) {
        await authors[i % authors.length]
          .post('/api/v1/needs')
          .send(aNeed({ municipalityId: municipality, title: `Bedarf ${i}` }))
          .expect(201);
      }
      const [gone] = await t.db.query(
        'SELECT id FROM needs WHERE municipality_id = $1 ORDER BY captured_at LIMIT 1',
        [municipality],
      );
      // What ON DELETE SET NULL leaves once an account is deleted.
      await t.db.query(
        'UPDATE needs SET captured_by_user_id = NULL, captured_by_client_id = NULL WHERE id = $1',
        [gone.id],
      );

      const queries = logQueries(t.db);
      try {
        const list = (limit: number) =>
          t.http.get('/api/v1/needs').query({ municipalityId: municipality, limit }).expect(200);
        // The newest four: one need of each author.
        const forFour = await queries.during(() => list(4));
        let page: { id: string; capturedBy: { kind: string; id: string; name: string } | null }[] = [];
        const forFifty = await queries.during(async () => {
          page = (await list(50)).body.items;
        });
        expect(page).toHaveLength(50);
        // The page alone: who captured them and their fits are subqueries of its statement.
        expect(forFour).toHaveLength(1);
        expect(forFifty).toHaveLength(1);
        expect(forFifty[0].sql).toMatch(
          /\bapi_clients\b[\s\S]*\bneed_fits\b|\bneed_fits\b[\s\S]*\bapi_clients\b/,
        );
        const byAuthor = new Map(page.map((n) => [n.capturedBy?.id, n.capturedBy]));
        expect(byAuthor.get(admin)).toEqual({ kind: 'user', id: admin, name: 'Administrator' });
        expect(byAuthor.get(clientId)).toEqual({
          kind: 'client',
          id: clientId,
          name: expect.stringMatching(/^Test client/),
        });
        expect([...byAuthor.values()].filter((a) => a?.name === 'Test transferstelle')).toHaveLength(2);
        expect(page.find((n) => n.id === gone.id)?.capturedBy).toBeNull();
        expect(JSON.stringify(page.map((n) => n.capturedBy))).not.toMatch(/@/);
      } finally {
        queries.stop();
      }
    });

    it('keeps naming a client that was revoked since', async () => {
      const client = await t.clientAgent({ scopes: ['needs:write'], stateCodes: ['DE-SN'] });
      const { id: clientId, name } = (await client.get('/api/v1/auth/me').expect(200)).body;
      const need = (await client.post('/api/v1/needs').send(aNeed()).expect(201)).body;
      await t.http.delete(`/api/v1/api-clients/${clientId}`).expect(204);
      const res = await t.http.get(`/api/v1/needs/${need.id}`).expect(200);
      expect(res.body.capturedBy).toEqual({ kind: 'client', id: clientId, name });
    });

    it('lists newest first and pages without gaps or repeats', async () => {
      const municipality = (
        await t.http
          .post('/api/v1/municipalities')
          .send({ ags: '14625399', name: 'Listendorf', kind: 'gemeinde' })
      ).body.id;
      for (let i = 0; i < 7; i++) {
        await t.http
          .post('/api/v1/needs')
          .send(
            aNeed({
              municipalityId: municipality,
              title: `Bedarf ${i}`,
              capturedAt: `2026-03-0${i + 1}T10:00:00.000Z`,
            }),
          )
          .expect(201);
      }
      const titles: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: { title: string }[]; nextCursor: string | null } } = await t.http
          .get('/api/v1/needs')
          .query({ municipalityId: municipality, limit: 3, ...(cursor ? { cursor } : {}) })
          .expect(200);
        titles.push(...res.body.items.map((n) => n.title));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(titles).toEqual([
        'Bedarf 6',
        'Bedarf 5',
        'Bedarf 4',
        'Bedarf 3',
        'Bedarf 2',
        'Bedarf 1',
        'Bedarf 0',
      ]);
    });

    it('filters by region, state, urgency, topic, source and status', async () => {
      const regionOf = async (id: string) => (await t.http.get(`/api/v1/municipalities/${id}`)).body.regionId;
      await t.http
        .post('/api/v1/needs')
        .send(aNeed({ municipalityId: otherMunicipality, title: 'Fremdbedarf' }))
        .expect(201);
      const inOther = await t.http
        .get('/api/v1/needs')
        .query({ regionId: await regionOf(otherMunicipality) })
        .expect(200);
      expect(inOther.body.items.map((n: { title: string }) => n.title)).toEqual(['Fremdbedarf']);
      const inBw = await t.http.get('/api/v1/needs').query({ stateCode: 'DE-BW' }).expect(200);
      expect(
        inBw.body.items.every((n: { municipalityId: string }) => n.municipalityId === otherMunicipality),
      ).toBe(true);
      const high = await t.http
        .get('/api/v1/needs')
        .query({ urgency: 'high', topic: 'buergerservice', source: 'desk' });
      expect(high.body.items.length).toBeGreaterThan(0);
      expect(high.body.items.every((n: { urgency: string }) => n.urgency === 'high')).toBe(true);
      expect((await t.http.get('/api/v1/needs').query({ status: 'closed' })).body.items).toEqual([]);
    });

    it.each([
      ['status=done', 'status'],
      ['urgency=asap', 'urgency'],
      ['source=mail', 'source'],
      ['regionId=1', 'regionId'],
      ['stateCode=SN', 'stateCode'],
      ['limit=201', 'limit'],
      ['q=%3F%3F', 'q'],
      ['cursor=abc', 'cursor'],
    ])('refuses the bad filter %s', async (query, field) => {
      const res = await t.http.get(`/api/v1/needs?${query}`).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('PATCH and close', () => {
    it('edits and closes a need in her region; closing twice → 409', async () => {
      const need = (await pilot.post('/api/v1/needs').send(aNeed()).expect(201)).body;
      const edited = await pilot
        .patch(`/api/v1/needs/${need.id}`)
        .send({ urgency: 'low', topics: [] })
        .expect(200);
      expect(edited.body).toMatchObject({ urgency: 'low', topics: [], title: need.title });
      const closed = await pilot
        .post(`/api/v1/needs/${need.id}/close`)
        .send({ reason: 'Erledigt.' })
        .expect(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        closeReason: 'Erledigt.',
        closedAt: expect.any(String),
      });
      await pilot.post(`/api/v1/needs/${need.id}/close`).send({ reason: 'Nochmal.' }).expect(409);
    });

    it('refuses bad edits with 400 and changes nothing', async () => {
      const need = (await t.http.post('/api/v1/needs').send(aNeed()).expect(201)).body;
      await t.http.patch(`/api/v1/needs/${need.id}`).send({ title: null }).expect(400);
      await t.http.patch(`/api/v1/needs/${need.id}`).send({ municipalityId: otherMunicipality }).expect(400);
      await t.http.patch(`/api/v1/needs/${need.id}`).send({ urgency: 'sofort' }).expect(400);
      await t.http.post(`/api/v1/needs/${need.id}/close`).send({}).expect(400);
      const [row] = await t.db.query(
        'SELECT title, municipality_id, urgency, status FROM needs WHERE id = $1',
        [need.id],
      );
      expect(row).toEqual({
        title: need.title,
        municipality_id: ownMunicipality,
        urgency: 'high',
        status: 'open',
      });
    });

    it('refuses a pilot outside the region and analysts with 403, changing nothing', async () => {
      const foreign = (
        await t.http
          .post('/api/v1/needs')
          .send(aNeed({ municipalityId: otherMunicipality }))
          .expect(201)
      ).body;
      await pilot.patch(`/api/v1/needs/${foreign.id}`).send({ title: 'Gekapert' }).expect(403);
      await pilot.post(`/api/v1/needs/${foreign.id}/close`).send({ reason: 'x' }).expect(403);
      await analyst.patch(`/api/v1/needs/${foreign.id}`).send({ title: 'Gekapert' }).expect(403);
      const [row] = await t.db.query('SELECT title, status FROM needs WHERE id = $1', [foreign.id]);
      expect(row).toEqual({ title: foreign.title, status: 'open' });
    });
  });

  describe('GET /needs/{id}/solution-suggestions', () => {
    let needId: string;
    let retterId: string;

    beforeAll(async () => {
      const origin = (
        await t.http
          .post('/api/v1/municipalities')
          .send({ ags: '05754000', name: 'Kreis Gütersloh', kind: 'landkreis' })
      ).body.id;
      retterId = (
        await t.http
          .post('/api/v1/solutions')
          .send({
            slug: 'mobile-retter',
            title: 'Mobile Retter: Ersthelfende per Smartphone alarmieren',
            theme: 'sicherheit-gesundheit',
            summary: 'Die Leitstelle alarmiert bei einem Herzstillstand registrierte Ersthelfer in der Nähe.',
            topics: ['notfallversorgung', 'ehrenamt'],
            seal: 'bewaehrt-vor-ort-2024',
            originMunicipalityId: origin,
          })
          .expect(201)
      ).body.id;
      await t.http
        .post('/api/v1/solutions')
        .send({
          slug: 'defi-kataster',
          title: 'Defibrillatoren-Kataster für Ersthelfer',
          theme: 'sicherheit-gesundheit',
          summary: 'Öffentliche Defibrillatoren auf einer Karte.',
          topics: ['notfallversorgung'],
        })
        .expect(201);
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'baeume', title: 'Gießpatenschaften für Stadtbäume', theme: 'klima-ressourcen' })
        .expect(201);
      needId = (
        await t.http
          .post('/api/v1/needs')
          .send(
            aNeed({
              title: 'Ersthelfer-Alarmierung',
              description:
                'Bei einem Herzstillstand braucht der Rettungswagen zu lange. Gibt es Freiwillige per App?',
              topics: ['notfallversorgung'],
            }),
          )
          .expect(201)
      ).body.id;
    });

    it('ranks the fitting solutions first and says why', async () => {
      const res = await analyst.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200);
      const slugs = res.body.items.map((s: { solution: { slug: string } }) => s.solution.slug);
      expect(slugs[0]).toBe('mobile-retter');
      expect(slugs).not.toContain('baeume');
      const [first] = res.body.items;
      expect(first).toEqual({
        solution: expect.objectContaining({
          id: retterId,
          slug: 'mobile-retter',
          seal: 'bewaehrt-vor-ort-2024',
        }),
        score: expect.any(Number),
        fit: 'strong',
        reasons: {
          matchedTerms: expect.arrayContaining(['herzstillstand', 'ersthelfer']),
          nearTerms: expect.any(Array),
          synonymTerms: expect.any(Array),
          sharedTopics: ['notfallversorgung'],
          seal: 'bewaehrt-vor-ort-2024',
          successfulTransfers: 0,
          followedUpAdoptions: 0,
          adoptionsInUse: 0,
          sameState: false,
        },
      });
      expect(first.score).toBeGreaterThan(res.body.items[1]?.score ?? 0);
      expect(res.body.nothingFits).toBe(false);
      expect(JSON.stringify(res.body)).not.toMatch(/contact/);
    });

    it('honours limit and refuses a bad one', async () => {
      const res = await t.http
        .get(`/api/v1/needs/${needId}/solution-suggestions`)
        .query({ limit: 1 })
        .expect(200);
      expect(res.body.items).toHaveLength(1);
      for (const limit of ['0', '21', 'x']) {
        const bad = await t.http
          .get(`/api/v1/needs/${needId}/solution-suggestions`)
          .query({ limit })
          .expect(400);
        expect(bad.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field: 'limit' })]),
        );
      }
    });

    it('never suggests an archived solution', async () => {
      await t.http.post(`/api/v1/solutions/${retterId}/archive`).expect(200);
      const res = await t.http.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200);
      expect(res.body.items.map((s: { solution: { slug: string } }) => s.solution.slug)).not.toContain(
        'mobile-retter',
      );
      await t.http.patch(`/api/v1/solutions/${retterId}`).send({ status: 'active' }).expect(200);
    });

    it('answers 404 for an unknown need and 400 for a malformed id', async () => {
      await t.http.get('/api/v1/needs/6f1c1c9e-0000-4000-8000-000000000000/solution-suggestions').expect(404);
      await t.http.get('/api/v1/needs/x/solution-suggestions').expect(400);
    });

    it('returns an empty list when nothing fits', async () => {
      const need = (
        await t.http
          .post('/api/v1/needs')
          .send(aNeed({ title: 'Zzzyx qqqv', description: '', topics: [] }))
          .expect(201)
      ).body;
      const res = await t.http.get(`/api/v1/needs/${need.id}/solution-suggestions`).expect(200);
      expect(res.body.items).toEqual([]);
    });
  });
});
