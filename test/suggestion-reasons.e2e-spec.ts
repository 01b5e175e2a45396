import { saysNothing } from '../src/search/filler-words.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Suggestion {
  solution: { slug: string };
  reasons: { matchedTerms: string[]; nearTerms: string[] };
}

/**
 * The reasons a pilot reads must be words that say what the need is about: no filler ("beim",
 * "fehlen", "möchte"), no stop word of Postgres' german list, no place name ("bautzen").
 */
describe('suggestion reasons on the demo needs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('hold no filler word, stop word or place name', async () => {
    const needs = await t.http.get('/api/v1/needs').query({ limit: 200 }).expect(200);
    expect(needs.body.items.length).toBeGreaterThanOrEqual(40);
    const shown = new Map<string, Set<string>>();
    for (const need of needs.body.items as { id: string; title: string }[]) {
      const res = await t.http
        .get(`/api/v1/needs/${need.id}/solution-suggestions`)
        .query({ limit: 10 })
        .expect(200);
      for (const s of res.body.items as Suggestion[]) {
        for (const word of [...s.reasons.matchedTerms, ...s.reasons.nearTerms]) {
          if (!shown.has(word)) shown.set(word, new Set());
          shown.get(word)!.add(`${need.title} → ${s.solution.slug}`);
        }
      }
    }
    const words = [...shown.keys()];
    expect(words.length).toBeGreaterThan(100);

    const filler = words.filter(saysNothing);
    const [{ stop }] = await t.db.query(
      `SELECT coalesce(array_agg(w ORDER BY w), '{}') AS stop FROM unnest($1::text[]) w
       WHERE to_tsvector('german'::regconfig, w) = ''::tsvector`,
      [words],
    );
    const [{ places }] = await t.db.query(
      `SELECT coalesce(array_agg(w ORDER BY w), '{}') AS places FROM unnest($1::text[]) w
       WHERE EXISTS (SELECT 1 FROM municipalities m
                     WHERE to_tsvector('simple'::regconfig, fold_de(m.name)) @@ to_tsquery('simple'::regconfig, quote_literal(fold_de(w))))`,
      [words],
    );
    const where = (list: string[]) => list.map((w) => `${w} (${[...shown.get(w)!][0]})`);
    expect({ filler: where(filler), stop: where(stop), places: where(places) }).toEqual({
      filler: [],
      stop: [],
      places: [],
    });
  });

  it('does not draw a Karlsruhe solution to a Bautzen need on "landkreis" alone', async () => {
    const bautzen = await t.http.get('/api/v1/municipalities/by-ags/14625000').expect(200);
    const need = await t.http
      .post('/api/v1/needs')
      .send({
        municipalityId: bautzen.body.id,
        title: 'Sirenen im Landkreis Bautzen',
        description: 'Im Landkreis Bautzen fehlen beim Warnen der Bevölkerung Sirenen in vielen Dörfern.',
      })
      .expect(201);
    const res = await t.http
      .get(`/api/v1/needs/${need.body.id}/solution-suggestions`)
      .query({ limit: 10 })
      .expect(200);
    const words = (res.body.items as Suggestion[]).flatMap((s) => [
      ...s.reasons.matchedTerms,
      ...s.reasons.nearTerms,
    ]);
    expect(words).not.toContain('landkreis');
    expect(words).not.toContain('bautzen');
    expect(words).not.toContain('fehlen');
    expect(words).not.toContain('beim');
    expect((res.body.items as Suggestion[]).map((s) => s.solution.slug)).not.toContain('iq-karlsruhe');
  });
});
