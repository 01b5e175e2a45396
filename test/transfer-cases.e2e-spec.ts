import { logQueries } from './support/query-log.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface CaseBody {
  id: string;
  needId: string;
  status: string;
  version: number;
  chosenSolutionId: string | null;
  candidates: { solution: { id: string; slug: string }; rationale: string }[];
  transitions: { to: string; ready: boolean; missing: string[] }[];
}

describe('transfer cases', () => {
  let t: TestApp;
  let pilot: Agent;
  let outsider: Agent;
  let analyst: Agent;
  let pilotId: string;
  let regionId: string;
  let municipalityId: string;
  let solutionA: string;
  let solutionB: string;

  beforeAll(async () => {
    t = await startTestApp();
    regionId = (await t.http.post('/api/v1/regions').send({ code: 'fall', name: 'Fall', stateCode: 'DE-SN' }))
      .body.id;
    const otherRegion = (
      await t.http.post('/api/v1/regions').send({ code: 'anders', name: 'Anders', stateCode: 'DE-SN' })
    ).body.id;
    municipalityId = (
      await t.http
        .post('/api/v1/municipalities')
        .send({ ags: '14625401', name: 'Falldorf', kind: 'gemeinde', regionId })
        .expect(201)
    ).body.id;
    pilot = await t.userAgent('lotse', [regionId]);
    pilotId = (await pilot.get('/api/v1/auth/me').expect(200)).body.id;
    outsider = await t.userAgent('lotse', [otherRegion]);
    analyst = await t.userAgent('analyst');
    solutionA = (
      await t.http
        .post('/api/v1/solutions')
        .send({
          slug: 'mobile-retter',
          title: 'Mobile Retter: Ersthelfer alarmieren',
          theme: 'sicherheit-gesundheit',
        })
        .expect(201)
    ).body.id;
    solutionB = (
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'defi-kataster', title: 'Defibrillatoren-Kataster', theme: 'sicherheit-gesundheit' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  let needCounter = 0;
  async function openCase(agent: Agent = pilot): Promise<CaseBody> {
    const need = await t.http
      .post('/api/v1/needs')
      .send({
        municipalityId,
        title: `Ersthelfer-Alarmierung ${++needCounter}`,
        description: 'Herzstillstand auf dem Land.',
      })
      .expect(201);
    return (await agent.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201)).body;
  }

  const move = (agent: Agent, id: string, body: Record<string, unknown>) =>
    agent.post(`/api/v1/transfer-cases/${id}/transitions`).send(body);

  async function stored(id: string) {
    const [row] = await t.db.query(
      'SELECT status, version, chosen_solution_id, origin_contact, implemented_on::text, outcome_note FROM transfer_cases WHERE id = $1',
      [id],
    );
    const [{ events }] = await t.db.query(
      'SELECT count(*)::int AS events FROM transfer_case_events WHERE case_id = $1',
      [id],
    );
    return { ...row, events };
  }

  async function toRecherchiert(id: string) {
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'passt' });
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionB, rationale: 'auch' });
    await move(pilot, id, { to: 'recherchiert' }).expect(200);
  }

  async function toVermittelt(id: string) {
    await toRecherchiert(id);
    await move(pilot, id, {
      to: 'vermittelt',
      chosenSolutionId: solutionA,
      originContact: 'Telefonat',
    }).expect(200);
  }

  it('walks erfasst → recherchiert → vermittelt → umgesetzt, with the timeline event by event', async () => {
    const opened = await openCase();
    expect(opened).toMatchObject({
      status: 'erfasst',
      version: 1,
      needTitle: `Ersthelfer-Alarmierung ${needCounter}`,
      regionId,
      municipalityId,
      municipalityName: 'Falldorf',
      municipalityAgs: '14625401',
      stateCode: 'DE-SN',
    });
    expect(opened.transitions).toEqual([
      { to: 'recherchiert', ready: false, missing: ['candidate_with_rationale'] },
      { to: 'abgebrochen', ready: false, missing: ['reason'] },
    ]);
    const id = opened.id;

    const assigned = await pilot
      .patch(`/api/v1/transfer-cases/${id}`)
      .send({ assigneeId: pilotId })
      .expect(200);
    expect(assigned.body).toMatchObject({ assigneeId: pilotId, version: 2 });
    expect(assigned.headers.etag).toBe('"2"');

    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'Gleiche Lage: lange Anfahrt des Rettungsdienstes.' })
      .expect(201);
    const withCandidate = await pilot.get(`/api/v1/transfer-cases/${id}`).expect(200);
    expect(withCandidate.body.transitions[0]).toEqual({ to: 'recherchiert', ready: true, missing: [] });

    const researched = await move(pilot, id, { to: 'recherchiert', note: 'Recherche abgeschlossen' })
      .set('If-Match', withCandidate.headers.etag)
      .expect(200);
    expect(researched.body).toMatchObject({ status: 'recherchiert', version: 4 });

    const brokered = await move(pilot, id, {
      to: 'vermittelt',
      chosenSolutionId: solutionA,
      originContact: 'Telefonat mit der Leitstelle Gütersloh am 20.11.',
      expectedVersion: 4,
    }).expect(200);
    expect(brokered.body).toMatchObject({
      status: 'vermittelt',
      chosenSolution: { id: solutionA, slug: 'mobile-retter' },
      originContact: 'Telefonat mit der Leitstelle Gütersloh am 20.11.',
    });

    const done = await move(pilot, id, {
      to: 'umgesetzt',
      implementedOn: '2026-11-01',
      outcomeNote: 'Leitstelle angebunden, 40 Ersthelfende registriert.',
    }).expect(200);
    expect(done.body).toMatchObject({
      status: 'umgesetzt',
      version: 6,
      outcome: { implementedOn: '2026-11-01', note: 'Leitstelle angebunden, 40 Ersthelfende registriert.' },
      closedAt: expect.any(String),
      transitions: [],
    });

    const timeline = await analyst.get(`/api/v1/transfer-cases/${id}/events`).expect(200);
    const events = timeline.body.items.map((e: Record<string, unknown>) => ({
      type: e.type,
      from: e.from,
      to: e.to,
      actor: (e.actor as { id: string } | null)?.id,
    }));
    expect(events).toEqual([
      { type: 'created', from: null, to: 'erfasst', actor: pilotId },
      { type: 'assigned', from: null, to: null, actor: pilotId },
      { type: 'candidate_added', from: null, to: null, actor: pilotId },
      { type: 'transitioned', from: 'erfasst', to: 'recherchiert', actor: pilotId },
      { type: 'transitioned', from: 'recherchiert', to: 'vermittelt', actor: pilotId },
      { type: 'transitioned', from: 'vermittelt', to: 'umgesetzt', actor: pilotId },
    ]);
    expect(timeline.body.items[0].actor).toEqual({ kind: 'user', id: pilotId, name: 'Test lotse' });
    expect(timeline.body.items[3].note).toBe('Recherche abgeschlossen');
    expect(timeline.body.items[4].data).toEqual({ chosenSolutionId: solutionA });
    expect(timeline.body.items[5].data).toMatchObject({ implementedOn: '2026-11-01' });
    const seqs = timeline.body.items.map((e: { seq: string }) => Number(e.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('counts implemented transfers in the suggestions for later needs', async () => {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId, title: 'Ersthelfer alarmieren', description: 'Mobile Retter für den Kreis?' })
      .expect(201);
    const res = await t.http.get(`/api/v1/needs/${need.body.id}/solution-suggestions`).expect(200);
    const retter = res.body.items.find((s: { solution: { id: string } }) => s.solution.id === solutionA);
    const [{ implemented }] = await t.db.query(
      `SELECT count(*)::int AS implemented FROM transfer_cases WHERE chosen_solution_id = $1 AND status = 'umgesetzt'`,
      [solutionA],
    );
    expect(implemented).toBeGreaterThan(0);
    expect(retter.reasons.successfulTransfers).toBe(implemented);
  });

  it('steps back vermittelt → recherchiert with a reason and clears the choice', async () => {
    const { id } = await openCase();
    await toVermittelt(id);
    const back = await move(pilot, id, {
      to: 'recherchiert',
      reason: 'Die Leitstelle ist nicht kompatibel.',
    }).expect(200);
    expect(back.body).toMatchObject({
      status: 'recherchiert',
      chosenSolutionId: null,
      chosenSolution: null,
      originContact: null,
    });
    expect(await stored(id)).toMatchObject({ chosen_solution_id: null, origin_contact: null });
    const events = (await t.http.get(`/api/v1/transfer-cases/${id}/events`)).body.items;
    expect(events[events.length - 1]).toMatchObject({
      type: 'transitioned',
      from: 'vermittelt',
      to: 'recherchiert',
      data: { reason: 'Die Leitstelle ist nicht kompatibel.', clearedSolutionId: solutionA },
    });
  });

  it.each(['erfasst', 'recherchiert', 'vermittelt'])(
    'cancels from %s with a reason; then nothing moves',
    async (from) => {
      const { id } = await openCase();
      if (from !== 'erfasst') await toRecherchiert(id);
      if (from === 'vermittelt') {
        await move(pilot, id, {
          to: 'vermittelt',
          chosenSolutionId: solutionA,
          originContact: 'Mail',
        }).expect(200);
      }
      const res = await move(pilot, id, { to: 'abgebrochen', reason: 'Gemeinderat hat abgelehnt.' }).expect(
        200,
      );
      expect(res.body).toMatchObject({
        status: 'abgebrochen',
        cancelReason: 'Gemeinderat hat abgelehnt.',
        transitions: [],
      });
      for (const to of ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen']) {
        const refused = await move(pilot, id, { to, reason: 'x' }).expect(409);
        expect(refused.body.allowedTargets).toEqual([]);
      }
    },
  );

  it('refuses erfasst → umgesetzt with 409 naming the allowed targets and changes nothing', async () => {
    const { id } = await openCase();
    const before = await stored(id);
    const res = await move(pilot, id, {
      to: 'umgesetzt',
      implementedOn: '2026-11-01',
      outcomeNote: 'x',
    }).expect(409);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({
      status: 409,
      type: 'urn:transferstelle:problem:illegal-transition',
      allowedTargets: ['recherchiert', 'abgebrochen'],
    });
    expect(await stored(id)).toEqual(before);
  });

  describe('each guard failing → 422 listing what is missing, nothing changed', () => {
    it('erfasst → recherchiert without a candidate', async () => {
      const { id } = await openCase();
      const before = await stored(id);
      const res = await move(pilot, id, { to: 'recherchiert' }).expect(422);
      expect(res.body).toMatchObject({
        unmetConditions: ['candidate_with_rationale'],
        errors: [{ field: 'candidates' }],
      });
      expect(await stored(id)).toEqual(before);
    });

    it('recherchiert → vermittelt without choice and contact, or with a choice that is no candidate', async () => {
      const { id } = await openCase();
      await toRecherchiert(id);
      const before = await stored(id);
      const res = await move(pilot, id, { to: 'vermittelt' }).expect(422);
      expect(res.body.unmetConditions).toEqual(['chosen_solution', 'origin_contact']);
      const stranger = (
        await t.http
          .post('/api/v1/solutions')
          .send({ slug: `fremd-${id.slice(0, 8)}`, title: 'Fremd', theme: 'klima-ressourcen' })
      ).body.id;
      const wrong = await move(pilot, id, {
        to: 'vermittelt',
        chosenSolutionId: stranger,
        originContact: 'Mail',
      }).expect(422);
      expect(wrong.body.unmetConditions).toEqual(['chosen_solution_among_candidates']);
      expect(await stored(id)).toEqual(before);
    });

    it('vermittelt → umgesetzt without date and note, or with a future date', async () => {
      const { id } = await openCase();
      await toVermittelt(id);
      const before = await stored(id);
      expect((await move(pilot, id, { to: 'umgesetzt' }).expect(422)).body.unmetConditions).toEqual([
        'implementation_date',
        'outcome_note',
      ]);
      const future = await move(pilot, id, {
        to: 'umgesetzt',
        implementedOn: '2099-01-01',
        outcomeNote: 'x',
      }).expect(422);
      expect(future.body.unmetConditions).toEqual(['implementation_date_not_in_future']);
      expect(await stored(id)).toEqual(before);
    });

    it('vermittelt → recherchiert and abgebrochen without a reason', async () => {
      const { id } = await openCase();
      await toVermittelt(id);
      const before = await stored(id);
      expect((await move(pilot, id, { to: 'recherchiert' }).expect(422)).body.unmetConditions).toEqual([
        'reason',
      ]);
      expect(
        (await move(pilot, id, { to: 'abgebrochen', reason: '  ' }).expect(422)).body.unmetConditions,
      ).toEqual(['reason']);
      expect(await stored(id)).toEqual(before);
    });
  });

  it('refuses a stale If-Match or expectedVersion with 412 and changes nothing', async () => {
    const { id } = await openCase();
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'passt' });
    const before = await stored(id);
    const stale = await move(pilot, id, { to: 'recherchiert' }).set('If-Match', '"1"').expect(412);
    expect(stale.body).toMatchObject({ status: 412, currentVersion: 2 });
    await move(pilot, id, { to: 'recherchiert', expectedVersion: 1 }).expect(412);
    await move(pilot, id, { to: 'recherchiert' }).set('If-Match', 'banana').expect(400);
    await move(pilot, id, { to: 'recherchiert', expectedVersion: 2 }).set('If-Match', '"3"').expect(400);
    expect(await stored(id)).toEqual(before);
  });

  it('answers 50 simultaneous transitions with exactly one success, ten rounds over', async () => {
    for (let round = 0; round < 10; round++) {
      const { id } = await openCase();
      await pilot
        .post(`/api/v1/transfer-cases/${id}/candidates`)
        .send({ solutionId: solutionA, rationale: 'passt' });
      const before = await stored(id);
      const statuses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          // Half send the version they read, half send none: both kinds must be serialized.
          move(
            pilot,
            id,
            i % 2 === 0 ? { to: 'recherchiert', expectedVersion: before.version } : { to: 'recherchiert' },
          ).then((res) => res.status),
        ),
      );
      const wins = statuses.filter((s) => s === 200).length;
      const losses = statuses.filter((s) => s === 409 || s === 412).length;
      expect({ round, wins, losses }).toEqual({ round, wins: 1, losses: 49 });
      expect(await stored(id)).toMatchObject({
        status: 'recherchiert',
        version: before.version + 1,
        events: before.events + 1,
      });
    }
  });

  it('refuses a second open case for a need with 409, allows a new one once it ended', async () => {
    const first = await openCase();
    const { needId } = (await t.http.get(`/api/v1/transfer-cases/${first.id}`)).body;
    const before = await countRows(t.db, 'transfer_cases');
    const res = await pilot.post('/api/v1/transfer-cases').send({ needId }).expect(409);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'needId' })]);
    expect(await countRows(t.db, 'transfer_cases')).toBe(before);
    await move(pilot, first.id, { to: 'abgebrochen', reason: 'neu aufrollen' }).expect(200);
    await pilot.post('/api/v1/transfer-cases').send({ needId }).expect(201);
  });

  it('refuses bad input: unknown field, unknown need, malformed ids, wrong target, non-pilot assignee', async () => {
    await pilot.post('/api/v1/transfer-cases').send({ needId: 'x' }).expect(400);
    await pilot
      .post('/api/v1/transfer-cases')
      .send({ needId: '6f1c1c9e-0000-4000-8000-000000000000' })
      .expect(422);
    const { id } = await openCase();
    await pilot.post('/api/v1/transfer-cases').send({ needId: id, priority: 1 }).expect(400);
    await move(pilot, id, { to: 'fertig' }).expect(400);
    await move(pilot, id, { to: 'abgebrochen', reason: 'x', colour: 'red' }).expect(400);
    const notAPilot = (await analyst.get('/api/v1/auth/me')).body.id;
    const res = await pilot.patch(`/api/v1/transfer-cases/${id}`).send({ assigneeId: notAPilot }).expect(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
    await t.http.get('/api/v1/transfer-cases/nope').expect(400);
    await t.http.get('/api/v1/transfer-cases/6f1c1c9e-0000-4000-8000-000000000000').expect(404);
    await move(pilot, '6f1c1c9e-0000-4000-8000-000000000000', { to: 'recherchiert' }).expect(404);
  });

  it('manages candidates only while erfasst or recherchiert; removing the chosen one clears the choice', async () => {
    const { id } = await openCase();
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: '' })
      .expect(400);
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'passt' })
      .expect(201);
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'nochmal' })
      .expect(409);
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionB, rationale: 'auch' })
      .expect(201);
    await move(pilot, id, { to: 'recherchiert' }).expect(200);
    const chosen = await pilot
      .patch(`/api/v1/transfer-cases/${id}`)
      .send({ chosenSolutionId: solutionB, originContact: 'Mail an das Ordnungsamt' })
      .expect(200);
    expect(chosen.body).toMatchObject({
      chosenSolutionId: solutionB,
      transitions: expect.arrayContaining([{ to: 'vermittelt', ready: true, missing: [] }]),
    });
    const removed = await pilot.delete(`/api/v1/transfer-cases/${id}/candidates/${solutionB}`).expect(200);
    expect(removed.body).toMatchObject({
      chosenSolutionId: null,
      candidates: [expect.objectContaining({ rationale: 'passt' })],
    });
    await pilot.delete(`/api/v1/transfer-cases/${id}/candidates/${solutionB}`).expect(404);
    await move(pilot, id, { to: 'vermittelt', chosenSolutionId: solutionA, originContact: 'Mail' }).expect(
      200,
    );
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionB, rationale: 'x' })
      .expect(409);
    await pilot.delete(`/api/v1/transfer-cases/${id}/candidates/${solutionA}`).expect(409);
  });

  it('answers a candidate without rationale with one error for the field, and stores nothing', async () => {
    const { id } = await openCase();
    const before = await stored(id);
    const candidates = await countRows(t.db, 'transfer_case_candidates');
    const add = (body: object) =>
      pilot.post(`/api/v1/transfer-cases/${id}/candidates`).send(body).expect(400);

    const missing = await add({ solutionId: solutionA });
    expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(missing.body.errors).toEqual([{ field: 'rationale', message: 'rationale is required' }]);
    expect((await add({ solutionId: solutionA, rationale: 42 })).body.errors).toEqual([
      { field: 'rationale', message: 'rationale must be a string' },
    ]);
    expect((await add({ solutionId: solutionA, rationale: 'x'.repeat(5001) })).body.errors).toEqual([
      { field: 'rationale', message: expect.stringMatching(/^rationale must be shorter than/) },
    ]);
    const empty = (await add({})).body.errors;
    expect(empty).toHaveLength(2);
    expect(empty).toEqual(
      expect.arrayContaining([
        { field: 'solutionId', message: 'solutionId is required' },
        { field: 'rationale', message: 'rationale is required' },
      ]),
    );
    expect(await stored(id)).toEqual(before);
    expect(await countRows(t.db, 'transfer_case_candidates')).toBe(candidates);
  });

  it('adds the top suggestions as candidates in one call, in the order and with the scores of the suggestions', async () => {
    const need = await t.http
      .post('/api/v1/needs')
      .send({
        municipalityId,
        title: 'Ersthelfer-Alarmierung',
        description: 'Ersthelfer alarmieren, und wo hängen Defibrillatoren?',
      })
      .expect(201);
    const { id } = (await pilot.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201))
      .body;
    const suggestions = await pilot
      .get(`/api/v1/needs/${need.body.id}/solution-suggestions`)
      .query({ limit: 2 })
      .expect(200);
    // mobile-retter first: after defi-kataster in slug order, which the old ordering fell back to.
    expect(suggestions.body.items.map((s: { solution: { slug: string } }) => s.solution.slug)).toEqual([
      'mobile-retter',
      'defi-kataster',
    ]);
    const res = await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates/suggested`)
      .send({ limit: 2 })
      .expect(200);
    expect(res.body.candidates[0]).toMatchObject({
      solution: { slug: 'mobile-retter' },
      rationale: expect.stringMatching(/^Vorschlag der Suche \(passende Begriffe: /),
    });
    // Not the slug order the shared added_at fell back to: the suggestions' own.
    const expected = suggestions.body.items.map(
      (s: { solution: { slug: string }; score: number }, i: number) => ({
        solution: expect.objectContaining({ slug: s.solution.slug }),
        suggestion: { rank: i + 1, score: s.score },
      }),
    );
    expect(res.body.candidates).toEqual(expected.map((e: object) => expect.objectContaining(e)));
    const read = await pilot.get(`/api/v1/transfer-cases/${id}`).expect(200);
    expect(read.body.candidates).toEqual(res.body.candidates);
    const stored = await t.db.query(
      `SELECT suggestion_rank AS rank, suggestion_score AS score FROM transfer_case_candidates
       WHERE case_id = $1 ORDER BY suggestion_rank`,
      [id],
    );
    expect(stored).toEqual(
      suggestions.body.items.map((s: { score: number }, i: number) => ({ rank: i + 1, score: s.score })),
    );

    const other = await openCase();
    const byHand = await pilot
      .post(`/api/v1/transfer-cases/${other.id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'passt' })
      .expect(201);
    expect(byHand.body.candidates).toEqual([
      expect.objectContaining({ rationale: 'passt', suggestion: null }),
    ]);
    const again = await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates/suggested`)
      .send({ limit: 2 })
      .expect(200);
    const slugs = again.body.candidates.map((c: { solution: { slug: string } }) => c.solution.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
  });

  it('comments go to the timeline without changing the version', async () => {
    const { id } = await openCase();
    const res = await pilot
      .post(`/api/v1/transfer-cases/${id}/comments`)
      .send({ note: 'Rückruf am Donnerstag.' })
      .expect(201);
    expect(res.body).toMatchObject({
      type: 'commented',
      note: 'Rückruf am Donnerstag.',
      actor: { kind: 'user', id: pilotId, name: 'Test lotse' },
    });
    expect((await stored(id)).version).toBe(1);
    const blank = await pilot.post(`/api/v1/transfer-cases/${id}/comments`).send({ note: '' }).expect(400);
    expect(blank.body.errors).toEqual([{ field: 'note', message: 'note must not be empty' }]);
  });

  it('refuses a comment still sent as text with 400 saying it is now note, and stores nothing', async () => {
    const { id } = await openCase();
    const before = await stored(id);
    const changes = await countRows(t.db, 'changes');
    const res = await pilot
      .post(`/api/v1/transfer-cases/${id}/comments`)
      .send({ text: 'Rückruf am Donnerstag.' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body.errors).toHaveLength(2);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'text', message: 'text was renamed: send the comment as note' },
        { field: 'note', message: 'note is required' },
      ]),
    );
    const both = await pilot
      .post(`/api/v1/transfer-cases/${id}/comments`)
      .send({ text: 'alt', note: 'neu' })
      .expect(400);
    expect(both.body.errors).toEqual([
      { field: 'text', message: 'text was renamed: send the comment as note' },
    ]);
    expect(await stored(id)).toEqual(before);
    expect(await countRows(t.db, 'changes')).toBe(changes);
  });

  it('keeps the timeline append-only even against direct SQL', async () => {
    const { id } = await openCase();
    await expect(
      t.db.query('UPDATE transfer_case_events SET note = $1 WHERE case_id = $2', ['x', id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM transfer_case_events WHERE case_id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
  });

  it('refuses every write from a pilot outside the region and from analysts with 403, changing nothing', async () => {
    const { id } = await openCase();
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId: solutionA, rationale: 'passt' });
    const before = await stored(id);
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId, title: 'Noch ein Bedarf' })
      .expect(201);
    for (const agent of [outsider, analyst]) {
      await agent.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(403);
      await agent.patch(`/api/v1/transfer-cases/${id}`).send({ assigneeId: null }).expect(403);
      await move(agent, id, { to: 'recherchiert' }).expect(403);
      await agent
        .post(`/api/v1/transfer-cases/${id}/candidates`)
        .send({ solutionId: solutionB, rationale: 'x' })
        .expect(403);
      await agent.post(`/api/v1/transfer-cases/${id}/candidates/suggested`).send({}).expect(403);
      await agent.delete(`/api/v1/transfer-cases/${id}/candidates/${solutionA}`).expect(403);
      await agent.post(`/api/v1/transfer-cases/${id}/comments`).send({ note: 'x' }).expect(403);
    }
    expect(await stored(id)).toEqual(before);
    // Reading is for everyone, but only those who may write are offered moves; analysts see no contact.
    const seen = await outsider.get(`/api/v1/transfer-cases/${id}`).expect(200);
    expect(seen.body.transitions).toEqual([]);
    expect((await analyst.get(`/api/v1/transfer-cases/${id}`).expect(200)).body).not.toHaveProperty(
      'originContact',
    );
  });

  it('reads a case page with the same number of queries, whatever its candidates and events', async () => {
    const queries = logQueries(t.db);
    try {
      const small = await openCase();
      await pilot
        .post(`/api/v1/transfer-cases/${small.id}/candidates`)
        .send({ solutionId: solutionA, rationale: 'a' });
      const large = await openCase();
      for (let i = 0; i < 15; i++) {
        const extra = (
          await t.http.post('/api/v1/solutions').send({
            slug: `viele-${i}-${large.id.slice(0, 6)}`,
            title: `Lösung ${i}`,
            theme: 'klima-ressourcen',
          })
        ).body.id;
        await pilot
          .post(`/api/v1/transfer-cases/${large.id}/candidates`)
          .send({ solutionId: extra, rationale: `r${i}` });
      }
      for (let i = 0; i < 20; i++)
        await pilot.post(`/api/v1/transfer-cases/${large.id}/comments`).send({ note: `c${i}` });

      const forSmall = await queries.during(() =>
        pilot.get(`/api/v1/transfer-cases/${small.id}`).expect(200),
      );
      const forLarge = await queries.during(async () => {
        const res = await pilot.get(`/api/v1/transfer-cases/${large.id}`).expect(200);
        expect(res.body.candidates).toHaveLength(15);
      });
      expect(forLarge.length).toBe(forSmall.length);
      // authentication, the case with its candidates and the names of its need and municipality, their solutions
      expect(forLarge.length).toBeLessThanOrEqual(3);
    } finally {
      queries.stop();
    }
  });

  it('lists cases newest first with filters and pages without repeats', async () => {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string; regionId: string }[]; nextCursor: string | null } } =
        await t.http
          .get('/api/v1/transfer-cases')
          .query({ regionId, limit: 7, ...(cursor ? { cursor } : {}) })
          .expect(200);
      all.push(...res.body.items.map((c) => c.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(await countRows(t.db, 'transfer_cases'));
    const done = await t.http
      .get('/api/v1/transfer-cases')
      .query({ status: 'umgesetzt', solutionId: solutionA })
      .expect(200);
    expect(done.body.items.length).toBeGreaterThan(0);
    const future = await t.http.get('/api/v1/transfer-cases').query({ openedFrom: '2099-01-01' }).expect(200);
    expect(future.body.items).toEqual([]);
    const mine = await t.http.get('/api/v1/transfer-cases').query({ assigneeId: pilotId }).expect(200);
    expect(mine.body.items.every((c: { assigneeId: string }) => c.assigneeId === pilotId)).toBe(true);
    for (const bad of ['status=fertig', 'openedFrom=gestern', 'assigneeId=1', 'stateCode=SN', 'limit=0']) {
      await t.http.get(`/api/v1/transfer-cases?${bad}`).expect(400);
    }
  });

  it('names each listed case’s need and municipality, with the same queries for 2 or 50 cases', async () => {
    const region = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'liste', name: 'Liste', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    const places = [
      { ags: '14625410', name: 'Listendorf' },
      { ags: '14625411', name: 'Listenstadt' },
    ];
    const placeIds: string[] = [];
    for (const place of places) {
      placeIds.push(
        (
          await t.http
            .post('/api/v1/municipalities')
            .send({ ...place, kind: 'gemeinde', regionId: region })
            .expect(201)
        ).body.id,
      );
    }
    for (let i = 0; i < 50; i++) {
      const need = await t.http
        .post('/api/v1/needs')
        .send({ municipalityId: placeIds[i % 2], title: `Listenbedarf ${i}` })
        .expect(201);
      await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201);
    }

    const queries = logQueries(t.db);
    try {
      const list = (limit: number) =>
        t.http.get('/api/v1/transfer-cases').query({ regionId: region, limit }).expect(200);
      const forTwo = await queries.during(() => list(2));
      let items: Record<string, string>[] = [];
      const forFifty = await queries.during(async () => {
        items = (await list(50)).body.items;
      });
      expect(items).toHaveLength(50);
      expect(forFifty.length).toBe(forTwo.length);
      // authentication, the page with the names of its needs and municipalities
      expect(forFifty.length).toBeLessThanOrEqual(2);
      for (const item of items) {
        const place = places[placeIds.indexOf(item.municipalityId)];
        expect(item).toMatchObject({
          needTitle: expect.stringMatching(/^Listenbedarf \d+$/),
          municipalityName: place.name,
          municipalityAgs: place.ags,
        });
      }
      expect(items[0].needTitle).toBe('Listenbedarf 49');
    } finally {
      queries.stop();
    }
  });

  it('names every actor of a timeline, with the same queries for 3 or 23 events', async () => {
    const client = await t.clientAgent({ scopes: ['cases:read', 'cases:write'], stateCodes: ['DE-SN'] });
    const clientMe = (await client.get('/api/v1/auth/me').expect(200)).body;
    const adminId = (await t.http.get('/api/v1/auth/me').expect(200)).body.id;
    const { id } = await openCase();
    const writers = [t.http, client, pilot];
    for (let i = 0; i < 22; i++) {
      await writers[i % 3]
        .post(`/api/v1/transfer-cases/${id}/comments`)
        .send({ note: `Notiz ${i}` })
        .expect(201);
    }
    const queries = logQueries(t.db);
    try {
      const events = (limit: number) =>
        t.http.get(`/api/v1/transfer-cases/${id}/events`).query({ limit }).expect(200);
      const forThree = await queries.during(() => events(3));
      let items: { actor: { kind: string; id: string; name: string } | null }[] = [];
      const forAll = await queries.during(async () => {
        items = (await events(50)).body.items;
      });
      expect(items).toHaveLength(23);
      expect(forAll.length).toBe(forThree.length);
      // authentication, the case exists, the events, the names of their users, of their clients
      expect(forAll.length).toBeLessThanOrEqual(5);
      expect(items.slice(0, 4).map((e) => e.actor)).toEqual([
        { kind: 'user', id: pilotId, name: 'Test lotse' },
        { kind: 'user', id: adminId, name: 'Administrator' },
        { kind: 'client', id: clientMe.id, name: clientMe.name },
        { kind: 'user', id: pilotId, name: 'Test lotse' },
      ]);
      expect(JSON.stringify(items.map((e) => e.actor))).not.toMatch(/@/);
    } finally {
      queries.stop();
    }
  });
});
