import { startTestApp, type TestApp } from './support/test-app.js';

/** German full-text search over solutions and needs, on texts written for these rules. */
describe('German search', () => {
  let t: TestApp;
  let municipalityId: string;

  const solutions = [
    {
      slug: 'mehrweg',
      title: 'Mehrwegangebotspflicht in der Gastronomie durchsetzen',
      summary: 'Beratung und Kontrolle von Imbissen, damit Mehrwegbecher angeboten werden.',
    },
    {
      slug: 'alarm',
      title: 'Notfallalarmierung von Ersthelfern per App',
      summary: 'Die Leitstelle alarmiert freiwillige Ersthelfer in der Nähe eines Herzstillstands.',
    },
    {
      slug: 'buero',
      title: 'Termine im Bürgerbüro online buchen',
      summary: 'Bürgerinnen und Bürger buchen Termine für Ausweise selbst; die Wartezeit sinkt.',
    },
    {
      slug: 'kommune',
      title: 'Eine Kommune teilt Wissen mit der Nachbarschaft',
      summary: 'Erfahrungsaustausch zwischen Verwaltungen über Ländergrenzen.',
    },
    {
      slug: 'strasse',
      title: 'Straßenbäume gießen',
      summary: 'Anwohner übernehmen Gießpatenschaften für Stadtbäume.',
    },
  ];

  beforeAll(async () => {
    t = await startTestApp();
    for (const s of solutions) {
      await t.http
        .post('/api/v1/solutions')
        .send({ ...s, theme: 'verwaltung-von-morgen' })
        .expect(201);
    }
    municipalityId = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625101', name: 'Suchdorf', kind: 'gemeinde' })
        .expect(201)
    ).body.id;
    for (const title of [
      'Mehrwegpflicht in Bäckereien',
      'Ersthelfer schneller am Notfallort',
      'Kommunale Wärmeplanung',
    ]) {
      await t.http.post('/api/v1/needs').send({ municipalityId, title }).expect(201);
    }
  });
  afterAll(() => t.close());

  async function solutionSlugs(q: string): Promise<string[]> {
    const res = await t.http.get('/api/v1/solutions').query({ q }).expect(200);
    return res.body.items.map((s: { slug: string }) => s.slug);
  }

  it('stems: "Kommunen" finds "Kommune"', async () => {
    expect(await solutionSlugs('Kommunen')).toEqual(['kommune']);
  });

  it('folds umlauts and ß: "Buergerbuero" finds "Bürgerbüro", "Strasse" finds "Straße"', async () => {
    expect(await solutionSlugs('Buergerbuero')).toEqual(['buero']);
    expect(await solutionSlugs('bürgerbüro')).toEqual(['buero']);
    expect(await solutionSlugs('Strassenbaeume')).toEqual(['strasse']);
  });

  it('finds compound words by their parts: "Mehrweg" and "Alarmierung"', async () => {
    expect(await solutionSlugs('Mehrweg')).toEqual(['mehrweg']);
    expect(await solutionSlugs('Alarmierung')).toEqual(['alarm']);
  });

  it('tolerates a typo in a short query: "Mehrwegangebotsplicht"', async () => {
    expect(await solutionSlugs('Mehrwegangebotsplicht')).toEqual(['mehrweg']);
  });

  it('ignores German stop words', async () => {
    expect(await solutionSlugs('die Termine für das Bürgerbüro')).toEqual(['buero']);
    expect(await solutionSlugs('Termine fuer das Buergerbuero')).toEqual(['buero']);
    expect(await solutionSlugs('der die das und oder für über')).toEqual([]);
  });

  it('ranks the best match first when several match', async () => {
    const slugs = await solutionSlugs('Ersthelfer Notfall Herzstillstand');
    expect(slugs[0]).toBe('alarm');
  });

  it.each(['!!!', '...', '  ', '%_'])(
    'refuses a query of only punctuation (%j) with 400 naming q',
    async (q) => {
      const res = await t.http.get('/api/v1/solutions').query({ q }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'q' })]);
    },
  );

  it.each([
    "Mehrweg'; DROP TABLE solutions; --",
    'Mehrweg & | ! ( ) : * <->',
    "Mehrweg\\' OR 1=1",
    'Bürgerbüro:*',
  ])('treats SQL and tsquery syntax as plain text: %j', async (q) => {
    const res = await t.http.get('/api/v1/solutions').query({ q }).expect(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM solutions');
    expect(count).toBe(solutions.length);
  });

  it('combines the query with filters and pages through ranked results without repeats', async () => {
    const first = await t.http
      .get('/api/v1/solutions')
      .query({ q: 'Bürger Termine Ersthelfer Mehrweg Kommune', limit: 2 })
      .expect(200);
    expect(first.body.items).toHaveLength(2);
    const seen = first.body.items.map((s: { slug: string }) => s.slug);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await t.http
        .get('/api/v1/solutions')
        .query({ q: 'Bürger Termine Ersthelfer Mehrweg Kommune', limit: 2, cursor })
        .expect(200);
      seen.push(...next.body.items.map((s: { slug: string }) => s.slug));
      cursor = next.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(['alarm', 'buero', 'kommune', 'mehrweg']);

    const filtered = await t.http
      .get('/api/v1/solutions')
      .query({ q: 'Mehrweg', theme: 'klima-ressourcen' })
      .expect(200);
    expect(filtered.body.items).toEqual([]);
  });

  it('refuses a search cursor used with another query', async () => {
    const page = await t.http
      .get('/api/v1/solutions')
      .query({ q: 'Bürger Termine Ersthelfer Mehrweg', limit: 1 })
      .expect(200);
    const res = await t.http
      .get('/api/v1/solutions')
      .query({ q: 'Kommune', cursor: page.body.nextCursor })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('searches needs the same way', async () => {
    const titles = async (q: string) =>
      (await t.http.get('/api/v1/needs').query({ q }).expect(200)).body.items.map(
        (n: { title: string }) => n.title,
      );
    expect(await titles('Mehrweg')).toEqual(['Mehrwegpflicht in Bäckereien']);
    expect(await titles('baeckerei')).toEqual(['Mehrwegpflicht in Bäckereien']);
    expect(await titles('Ersthelfern')).toEqual(['Ersthelfer schneller am Notfallort']);
    expect(await titles('Waermeplanung kommunal')).toEqual(['Kommunale Wärmeplanung']);
    const filtered = await t.http.get('/api/v1/needs').query({ q: 'Mehrweg', status: 'closed' }).expect(200);
    expect(filtered.body.items).toEqual([]);
  });
});
