import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

const aSolution = (overrides: Record<string, unknown> = {}) => ({
  slug: `loesung-${Math.random().toString(36).slice(2, 10)}`,
  title: 'Mängelmelder: Schäden im Stadtgebiet per App melden',
  theme: 'verwaltung-von-morgen',
  summary: 'Bürgerinnen und Bürger melden Schlaglöcher und defekte Laternen mit Foto.',
  problem: 'Schäden werden spät bekannt.',
  approach: 'Eine App leitet Meldungen an den Bauhof weiter.',
  impactEvidence: 'Kommunen berichten von schnellerer Bearbeitung.',
  topics: ['buergerbeteiligung', 'app'],
  seal: null,
  effort: 'Gering: wenige Wochen.',
  transferMaterials: [{ title: 'Leitfaden', url: 'https://example.org/leitfaden' }],
  contact: { name: 'Ansprechstelle', email: 'maengel@example.org', phone: '+49 30 0000000' },
  ...overrides,
});

describe('solutions', () => {
  let t: TestApp;
  let analyst: Agent;
  let pilot: Agent;
  let originId: string;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.userAgent('analyst');
    pilot = await t.userAgent('lotse');
    originId = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '08416041', name: 'Tübingen', kind: 'stadt' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  const create = async (overrides: Record<string, unknown> = {}) =>
    (await t.http.post('/api/v1/solutions').send(aSolution(overrides)).expect(201)).body;

  describe('POST /solutions', () => {
    it('creates a solution with every field and stores it', async () => {
      const body = aSolution({
        slug: 'maengelmelder',
        originMunicipalityId: originId,
        seal: 'bewaehrt-vor-ort-2024',
      });
      const res = await t.http.post('/api/v1/solutions').send(body).expect(201);
      expect(res.body).toEqual({
        ...body,
        id: expect.any(String),
        status: 'active',
        evidence: { adoptions: 0, followedUp: 0, stillInUse: 0 },
        nomination: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const [row] = await t.db.query(
        'SELECT slug, origin_municipality_id, contact FROM solutions WHERE id = $1',
        [res.body.id],
      );
      expect(row).toEqual({ slug: 'maengelmelder', origin_municipality_id: originId, contact: body.contact });
    });

    it('needs only slug, title and theme', async () => {
      const res = await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'minimal', title: 'Minimal', theme: 'nachhaltiges-bauen' })
        .expect(201);
      expect(res.body).toMatchObject({
        summary: '',
        topics: [],
        seal: null,
        contact: null,
        transferMaterials: [],
      });
    });

    it('refuses a taken slug with 409 naming the field', async () => {
      const existing = await create();
      const res = await t.http
        .post('/api/v1/solutions')
        .send(aSolution({ slug: existing.slug }))
        .expect(409);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'slug' })]);
    });

    it.each([
      ['an unknown field', { rating: 5 }, 'rating'],
      ['an empty title', { title: '' }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a 20 000-character title', { title: 'x'.repeat(20_000) }, 'title'],
      ['a summary over 20 000 characters', { summary: 'x'.repeat(20_001) }, 'summary'],
      ['a wrong theme', { theme: 'sport' }, 'theme'],
      ['a slug with capitals', { slug: 'Mobile-Retter' }, 'slug'],
      ['a topic with spaces', { topics: ['erste hilfe'] }, 'topics'],
      [
        'a transfer material without http(s)',
        { transferMaterials: [{ title: 'x', url: 'ftp://example.org' }] },
        'transferMaterials[0].url',
      ],
      ['a contact with a bad email', { contact: { name: 'X', email: 'nope' } }, 'contact.email'],
      ['an unknown field in the contact', { contact: { name: 'X', fax: '1' } }, 'contact.fax'],
      ['a malformed origin', { originMunicipalityId: 'tuebingen' }, 'originMunicipalityId'],
    ])('refuses %s with 400 naming the field and stores nothing', async (_label, overrides, field) => {
      const before = await countRows(t.db, 'solutions');
      const res = await t.http.post('/api/v1/solutions').send(aSolution(overrides)).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect(await countRows(t.db, 'solutions')).toBe(before);
    });

    it('refuses an origin municipality that does not exist with 422', async () => {
      const res = await t.http
        .post('/api/v1/solutions')
        .send(aSolution({ originMunicipalityId: '6f1c1c9e-0000-4000-8000-000000000000' }))
        .expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'originMunicipalityId' })]);
    });

    it('is for the Transferstelle and admins only', async () => {
      await pilot.post('/api/v1/solutions').send(aSolution()).expect(403);
      await analyst.post('/api/v1/solutions').send(aSolution()).expect(403);
    });
  });

  describe('reading', () => {
    it('reads by id and by slug; unknown → 404, malformed id → 400', async () => {
      const s = await create();
      expect((await t.http.get(`/api/v1/solutions/${s.id}`).expect(200)).body.slug).toBe(s.slug);
      expect((await t.http.get(`/api/v1/solutions/by-slug/${s.slug}`).expect(200)).body.id).toBe(s.id);
      await t.http.get('/api/v1/solutions/by-slug/gibt-es-nicht').expect(404);
      await t.http.get('/api/v1/solutions/by-slug/Not%20A%20Slug').expect(404);
      await t.http.get('/api/v1/solutions/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
      await t.http.get('/api/v1/solutions/42').expect(400);
    });

    it('never shows analysts the contact, in any read', async () => {
      const s = await create({ contact: { name: 'Frau Beispiel', email: 'frau.beispiel@example.org' } });
      for (const url of [`/api/v1/solutions/${s.id}`, `/api/v1/solutions/by-slug/${s.slug}`]) {
        const res = await analyst.get(url).expect(200);
        expect(res.body).not.toHaveProperty('contact');
        expect(res.text).not.toMatch(/frau\.beispiel|Frau Beispiel/);
      }
      const list = await analyst.get('/api/v1/solutions').query({ limit: 200 }).expect(200);
      expect(list.text).not.toMatch(/@example\.org/);
      const searched = await analyst.get('/api/v1/solutions').query({ q: 'Mängelmelder' }).expect(200);
      expect(searched.body.items.length).toBeGreaterThan(0);
      expect(searched.text).not.toMatch(/@example\.org/);
      // Pilots broker the contact, so they see it.
      expect((await pilot.get(`/api/v1/solutions/${s.id}`).expect(200)).body.contact).toEqual(s.contact);
    });

    it('lists by slug with filters', async () => {
      await create({
        slug: 'zz-klima',
        theme: 'klima-ressourcen',
        topics: ['hitze'],
        seal: 'bewaehrt-vor-ort-2024',
      });
      await create({ slug: 'aa-klima', theme: 'klima-ressourcen', topics: ['wasser'] });
      const slugs = async (query: Record<string, string>) =>
        (await t.http.get('/api/v1/solutions').query(query).expect(200)).body.items.map(
          (s: { slug: string }) => s.slug,
        );
      expect(await slugs({ theme: 'klima-ressourcen' })).toEqual(['aa-klima', 'zz-klima']);
      expect(await slugs({ theme: 'klima-ressourcen', topic: 'hitze' })).toEqual(['zz-klima']);
      expect(await slugs({ theme: 'klima-ressourcen', hasSeal: 'true' })).toEqual(['zz-klima']);
      expect(await slugs({ theme: 'klima-ressourcen', hasSeal: 'false' })).toEqual(['aa-klima']);
      expect(await slugs({ seal: 'bewaehrt-vor-ort-2024', theme: 'klima-ressourcen' })).toEqual(['zz-klima']);
    });

    it.each([
      ['theme=sport', 'theme'],
      ['status=deleted', 'status'],
      ['hasSeal=yes', 'hasSeal'],
      ['limit=0', 'limit'],
      ['originMunicipalityId=x', 'originMunicipalityId'],
      ['sort=title', 'sort'],
    ])('refuses the bad filter %s', async (query, field) => {
      const res = await t.http.get(`/api/v1/solutions?${query}`).expect(400);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('PATCH and archive', () => {
    it('answers an empty PATCH with the whole solution, unchanged, and records nothing', async () => {
      const s = await create({ seal: 'bewaehrt-vor-ort-2024' });
      const [before] = await t.db.query('SELECT version, updated_at FROM solutions WHERE id = $1', [s.id]);
      const res = await t.http.patch(`/api/v1/solutions/${s.id}`).send({}).expect(200);
      expect(res.body).toEqual(s);
      expect(res.body.status).toBe('active');
      const [after] = await t.db.query('SELECT version, updated_at FROM solutions WHERE id = $1', [s.id]);
      expect(after).toEqual(before);
    });

    it('changes given fields, clears nullable ones with null, refuses null for required ones', async () => {
      const s = await create({ seal: 'bewaehrt-vor-ort-2024' });
      const res = await t.http
        .patch(`/api/v1/solutions/${s.id}`)
        .send({ title: 'Neuer Titel', seal: null, topics: ['neu'] })
        .expect(200);
      expect(res.body).toMatchObject({
        title: 'Neuer Titel',
        seal: null,
        topics: ['neu'],
        summary: s.summary,
      });
      await t.http.patch(`/api/v1/solutions/${s.id}`).send({ title: null }).expect(400);
      await t.http.patch(`/api/v1/solutions/${s.id}`).send({ summary: null }).expect(400);
      await t.http.patch(`/api/v1/solutions/${s.id}`).send({ theme: 'sport' }).expect(400);
      const [row] = await t.db.query('SELECT title, theme FROM solutions WHERE id = $1', [s.id]);
      expect(row).toEqual({ title: 'Neuer Titel', theme: s.theme });
    });

    it('archives: still readable, listed only with status=archived or all, back with status active', async () => {
      const s = await create({ slug: 'archiv-test' });
      const archived = await t.http.post(`/api/v1/solutions/${s.id}/archive`).expect(200);
      expect(archived.body.status).toBe('archived');
      await t.http.get(`/api/v1/solutions/${s.id}`).expect(200);
      const active = await t.http.get('/api/v1/solutions').query({ limit: 200 }).expect(200);
      expect(active.body.items.map((x: { slug: string }) => x.slug)).not.toContain('archiv-test');
      const listed = await t.http.get('/api/v1/solutions').query({ status: 'archived' }).expect(200);
      expect(listed.body.items.map((x: { slug: string }) => x.slug)).toEqual(['archiv-test']);
      await t.http.patch(`/api/v1/solutions/${s.id}`).send({ status: 'active' }).expect(200);
    });

    it('is for the Transferstelle and admins only', async () => {
      const s = await create();
      await pilot.patch(`/api/v1/solutions/${s.id}`).send({ title: 'x' }).expect(403);
      await analyst.post(`/api/v1/solutions/${s.id}/archive`).expect(403);
      await t.http.post('/api/v1/solutions/6f1c1c9e-0000-4000-8000-000000000000/archive').expect(404);
    });
  });
});
