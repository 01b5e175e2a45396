import { NeedFits } from '../src/needs/index.js';
import { JUDGED_IN_WRITE } from '../src/needs/suggestions/need-fits.js';
import { aMunicipality } from './support/builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Each need's best fit, the list of catalogue gaps (`GET /needs?bestFit=weak`): judged with every
 * write of a need, in its transaction; stale after a catalogue change until the refresh judges
 * it again. On the demo catalogue, which has no solution for sirens and one for first responders.
 */
const GAP = {
  title: 'Sirenen für den Katastrophenschutz',
  description:
    'Nach dem Abbau in den Neunzigern fehlen in mehreren Ortsteilen Sirenen; bei Unwetter hört sie niemand.',
};
const FITTING = {
  title: 'Ersthelfer-Alarmierung',
  description:
    'Der Rettungsdienst braucht oft mehr als zwölf Minuten. Gibt es ein System, das Freiwillige in der Nähe bei einem Herzstillstand alarmiert?',
};

describe('best fits of needs and the catalogue gaps', () => {
  let t: TestApp;
  let municipalityId: string;
  let municipalityAgs: string;
  let fits: NeedFits;
  const slugOf = async (id: string | null) =>
    id === null ? null : (await t.db.query('SELECT slug FROM solutions WHERE id = $1', [id]))[0].slug;
  const stored = async (needId: string) =>
    (
      await t.db.query(
        'SELECT fit, best_solution_id, best_score, catalogue_version::int AS version FROM need_fits WHERE need_id = $1',
        [needId],
      )
    )[0];
  const gapIds = async () =>
    (await t.http.get('/api/v1/needs?bestFit=weak&status=open&limit=100').expect(200)).body.items.map(
      (n: { id: string }) => n.id,
    );
  /** A need's fit as the list reads it (in the page's statement) and as its own page does: the same. */
  const fitOf = async (needId: string) => {
    const own = (await t.http.get(`/api/v1/needs/${needId}`).expect(200)).body.bestFit;
    const page = (await t.http.get(`/api/v1/needs?municipalityId=${municipalityId}&limit=100`).expect(200))
      .body;
    expect(page.items.find((n: { id: string }) => n.id === needId)?.bestFit).toEqual(own);
    return own;
  };
  const newNeed = async (body: object) =>
    (
      await t.http
        .post('/api/v1/needs')
        .send({ municipalityId, ...body })
        .expect(201)
    ).body;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
    fits = t.app.get(NeedFits);
    const municipality = (await t.http.post('/api/v1/municipalities').send(aMunicipality()).expect(201)).body;
    municipalityId = municipality.id;
    municipalityAgs = municipality.ags;
    // The demo needs start unjudged (the seed inserts them): judge them all first.
    while ((await fits.refresh(100)) > 0);
  }, 120_000);
  afterAll(() => t.close());

  it('judges a need when it is written: a gap is weak, a need the catalogue answers is not', async () => {
    const gap = await newNeed(GAP);
    expect(gap.bestFit).toMatchObject({ fit: 'weak', current: true, assessedAt: expect.any(String) });
    const fitting = await newNeed(FITTING);
    expect(fitting.bestFit).toMatchObject({
      fit: expect.stringMatching(/^(strong|partial)$/),
      current: true,
    });
    expect(await slugOf(fitting.bestFit.solutionId)).toBe('mobile-retter');
    expect(fitting.bestFit.score).toBeGreaterThan(gap.bestFit.score);

    // What the response says is what is stored, and the suggestions agree with it.
    expect(await stored(fitting.id)).toMatchObject({
      fit: fitting.bestFit.fit,
      best_solution_id: fitting.bestFit.solutionId,
    });
    const suggestions = (
      await t.http.get(`/api/v1/needs/${fitting.id}/solution-suggestions?limit=1`).expect(200)
    ).body;
    expect(suggestions.items[0]).toMatchObject({ fit: fitting.bestFit.fit, score: fitting.bestFit.score });

    const gaps = await gapIds();
    expect(gaps).toContain(gap.id);
    expect(gaps).not.toContain(fitting.id);
    const one = (await t.http.get(`/api/v1/needs/${gap.id}`).expect(200)).body;
    expect(one.bestFit).toEqual(gap.bestFit);
  });

  it('judges it again when its text changes, in the same write', async () => {
    const need = await newNeed(GAP);
    const edited = (await t.http.patch(`/api/v1/needs/${need.id}`).send(FITTING).expect(200)).body;
    expect(edited.bestFit.fit).not.toBe('weak');
    expect(await slugOf(edited.bestFit.solutionId)).toBe('mobile-retter');
    expect(await gapIds()).not.toContain(need.id);
  });

  it('goes stale when the catalogue changes, and the refresh closes the gap the new solution fills', async () => {
    const gap = await newNeed(GAP);
    const solution = (
      await t.http
        .post('/api/v1/solutions')
        .send({
          slug: 'sirenen-warnnetz',
          title: 'Sirenen-Warnnetz für den Katastrophenschutz',
          theme: 'sicherheit-gesundheit',
          summary:
            'Ein Landkreis baut mit seinen Gemeinden wieder ein Netz von Sirenen auf, gefördert und digital ausgelöst.',
          problem: 'Nach dem Abbau der Sirenen hört bei Unwetter und Stromausfall niemand die Warnung.',
          approach:
            'Standorte nach Hörbarkeit planen, Sirenen gemeinsam beschaffen, Katastrophenschutz löst sie aus.',
          topics: [],
        })
        .expect(201)
    ).body;
    const stale = await fitOf(gap.id);
    expect(stale).toMatchObject({ fit: 'weak', current: false });

    let judged = 0;
    for (let n; (n = await fits.refresh(10)) > 0;) judged += n;
    expect(judged).toBeGreaterThan(0);
    const fresh = await fitOf(gap.id);
    expect(fresh).toMatchObject({
      fit: expect.stringMatching(/^(strong|partial)$/),
      solutionId: solution.id,
      current: true,
    });
    expect(await gapIds()).not.toContain(gap.id);
    const [{ stale: left }] = await t.db.query(
      `SELECT count(*)::int AS stale FROM need_fits WHERE catalogue_version < (SELECT version FROM solution_catalogue_stats)`,
    );
    expect(left).toBe(0);

    // Archived again, the need is a gap again after the next refresh.
    await t.http.post(`/api/v1/solutions/${solution.id}/archive`).send({}).expect(200);
    while ((await fits.refresh(100)) > 0);
    expect((await t.http.get(`/api/v1/needs/${gap.id}`).expect(200)).body.bestFit).toMatchObject({
      fit: 'weak',
      current: true,
    });
  });

  it('judges needs inserted without the API (bulk loads, the seed) on the refresh', async () => {
    const [{ id }] = await t.db.query(
      `INSERT INTO needs (municipality_id, title, description, source) VALUES ($1, $2, $3, 'desk') RETURNING id`,
      [municipalityId, FITTING.title, FITTING.description],
    );
    expect(await stored(id)).toMatchObject({ fit: null, version: -1 });
    expect(await fitOf(id)).toMatchObject({ fit: null, current: false });
    while ((await fits.refresh(100)) > 0);
    expect((await stored(id)).fit).not.toBeNull();
  });

  it('shares the refresh between concurrent rounds: every stale need judged once', async () => {
    const needs = await Promise.all(Array.from({ length: 6 }, () => newNeed(GAP)));
    await t.db.query(`UPDATE need_fits SET catalogue_version = -1 WHERE need_id = ANY($1::uuid[])`, [
      needs.map((n) => n.id),
    ]);
    const [{ stale }] = await t.db.query(
      `SELECT count(*)::int AS stale FROM need_fits WHERE catalogue_version < (SELECT version FROM solution_catalogue_stats)`,
    );
    const rounds = await Promise.all([fits.refresh(4), fits.refresh(4), fits.refresh(4)]);
    const rest = await fits.refresh(100);
    expect(rounds.reduce((a, b) => a + b, 0) + rest).toBe(stale);
    expect(await fits.refresh(100)).toBe(0);
  });

  it('keeps the fit of the text that won when edits race', async () => {
    const need = await newNeed(GAP);
    await Promise.all([
      t.http.patch(`/api/v1/needs/${need.id}`).send(FITTING).expect(200),
      t.http
        .patch(`/api/v1/needs/${need.id}`)
        .send({ title: 'Sirenen fehlen', description: GAP.description })
        .expect(200),
    ]);
    const now = (await t.http.get(`/api/v1/needs/${need.id}`).expect(200)).body;
    expect(now.bestFit.current).toBe(true);
    if (now.title === FITTING.title) expect(now.bestFit.fit).not.toBe('weak');
    else expect(now.bestFit.fit).toBe('weak');
  });

  it('leaves a bulk push to the refresher, which judges it first', async () => {
    const saxony = await t.clientAgent({
      scopes: ['needs:read', 'needs:write'],
      stateCodes: ['DE-SN'],
      systems: ['digitallotsen-sn'],
    });
    const items = Array.from({ length: JUDGED_IN_WRITE + 1 }, (_, i) => ({
      externalId: `fit-${i}`,
      municipalityAgs,
      ...(i === 0 ? FITTING : GAP),
    }));
    const res = await saxony
      .post('/api/v1/integrations/digitallotsen-sn/needs:bulk')
      .send({ items })
      .expect(200);
    const ids: string[] = res.body.items.map((i: { id: string }) => i.id);
    const marked = await t.db.query(
      'SELECT fit, catalogue_version::int AS version FROM need_fits WHERE need_id = ANY($1::uuid[])',
      [ids],
    );
    expect(marked).toEqual(ids.map(() => ({ fit: null, version: -1 })));

    expect(await fits.refresh(ids.length)).toBe(ids.length);
    const judged = await Promise.all(ids.map(async (id) => (await stored(id)).fit));
    expect(judged[0]).not.toBe('weak');
    expect(judged.slice(1)).toEqual(ids.slice(1).map(() => 'weak'));
  });

  it('refuses an unknown fit as a filter', async () => {
    const res = await t.http.get('/api/v1/needs?bestFit=great').expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(res.body)).toContain('bestFit');
  });
});
