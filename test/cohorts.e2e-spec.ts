import { logQueries } from './support/query-log.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

interface MemberBody {
  caseId: string;
  municipalityName: string;
  caseStatus: string;
  caseVersion: number;
  daysInStage: number;
  milestonesDone: number;
  milestonesTotal: number;
  behindOn: string[];
}

interface CohortBody {
  id: string;
  status: string;
  version: number;
  memberCount: number;
  members: MemberBody[];
  milestones: { id: string; title: string; doneBy: { caseId: string }[]; behind: string[] }[];
  transitions: { to: string; ready: boolean; missing: string[] }[];
  moves?: {
    caseId: string;
    outcome: string;
    status: string;
    unmetConditions: string[];
    allowedTargets: string[];
  }[];
}

const PAST = '2026-11-02';
const FUTURE = '2099-06-30';

describe('transfer teams and cohorts', () => {
  let t: TestApp;
  let pilot: Agent;
  let pilotId: string;
  let outsider: Agent;
  let analyst: Agent;
  let staff: Agent;
  let regionId: string;
  let iq: string;
  let other: string;
  const municipalities: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    regionId = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'ostsachsen', name: 'Ostsachsen', stateCode: 'DE-SN' })
    ).body.id;
    const elsewhere = (
      await t.http.post('/api/v1/regions').send({ code: 'anderswo', name: 'Anderswo', stateCode: 'DE-SN' })
    ).body.id;
    const kreise = [
      'Bautzen',
      'Görlitz',
      'Meißen',
      'Sächsische Schweiz-Osterzgebirge',
      'Nordsachsen',
      'Leipzig',
    ];
    for (const [i, name] of kreise.entries()) {
      const ags = `146${String(25 + i).padStart(2, '0')}000`;
      municipalities.push(
        (
          await t.http
            .post('/api/v1/municipalities')
            .send({ ags, name, kind: 'landkreis', regionId })
            .expect(201)
        ).body.id,
      );
    }
    pilot = await t.userAgent('lotse', [regionId]);
    pilotId = (await pilot.get('/api/v1/auth/me').expect(200)).body.id;
    outsider = await t.userAgent('lotse', [elsewhere]);
    analyst = await t.userAgent('analyst');
    staff = await t.userAgent('transferstelle');
    iq = (
      await t.http
        .post('/api/v1/solutions')
        .send({
          slug: 'iq-karlsruhe',
          title: 'IQ – innovativ und quervernetzt',
          theme: 'verwaltung-von-morgen',
        })
        .expect(201)
    ).body.id;
    other = (
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'maengelmelder', title: 'Mängelmelder', theme: 'verwaltung-von-morgen' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  let needs = 0;
  /** A case of the municipality with these candidates, opened by the admin. */
  async function openCase(municipalityId: string, candidates: string[] = [iq]): Promise<string> {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId, title: `Verwaltung modernisieren ${++needs}` })
      .expect(201);
    const opened = await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201);
    for (const solutionId of candidates) {
      await t.http
        .post(`/api/v1/transfer-cases/${opened.body.id}/candidates`)
        .send({ solutionId, rationale: 'Gleiche Ausgangslage im Landkreis.' })
        .expect(201);
    }
    return opened.body.id as string;
  }

  async function formCohort(title: string, teamId?: string): Promise<CohortBody> {
    return (
      await pilot
        .post('/api/v1/cohorts')
        .send({ solutionId: iq, title, facilitatorId: pilotId, ...(teamId && { transferTeamId: teamId }) })
        .expect(201)
    ).body;
  }

  const join = (agent: Agent, cohortId: string, caseId: string) =>
    agent.post(`/api/v1/cohorts/${cohortId}/members`).send({ caseId });

  async function eventCounts(caseId: string): Promise<Record<string, number>> {
    const rows: { type: string; n: number }[] = await t.db.query(
      'SELECT type, count(*)::int AS n FROM transfer_case_events WHERE case_id = $1 GROUP BY type',
      [caseId],
    );
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  it('walks a cohort of five municipalities to umgesetzt: milestones, moving together, one member not ready', async () => {
    const team = await staff
      .post('/api/v1/transfer-teams')
      .send({
        solutionId: iq,
        name: 'Transferteam IQ',
        memberIds: [pilotId],
        originContacts: [{ name: 'Dr. Maria Beispiel', email: 'iq@example.org' }],
      })
      .expect(201);
    expect(team.body).toMatchObject({
      name: 'Transferteam IQ',
      status: 'active',
      memberCount: 1,
      caseCount: 0,
      version: 1,
      solution: { id: iq, slug: 'iq-karlsruhe' },
      originContacts: [{ name: 'Dr. Maria Beispiel', email: 'iq@example.org' }],
    });
    expect(team.body.members).toEqual([expect.objectContaining({ id: pilotId })]);
    const seenByAnalyst = await analyst.get(`/api/v1/transfer-teams/${team.body.id}`).expect(200);
    expect(seenByAnalyst.body).not.toHaveProperty('originContacts');

    const formed = await formCohort('IQ-Kohorte Ostsachsen', team.body.id);
    expect(formed).toMatchObject({
      status: 'forming',
      version: 1,
      memberCount: 0,
      members: [],
      milestones: [],
    });
    expect(formed.transitions).toEqual([
      { to: 'running', ready: false, missing: ['two_members', 'milestone'] },
      { to: 'closed', ready: false, missing: ['reason'] },
    ]);

    const cases: string[] = [];
    for (const municipalityId of municipalities.slice(0, 5)) {
      const caseId = await openCase(municipalityId);
      cases.push(caseId);
      await join(pilot, formed.id, caseId).expect(201);
    }
    const [m1, m2] = [
      await pilot
        .post(`/api/v1/cohorts/${formed.id}/milestones`)
        .send({ title: 'Auftaktworkshop', dueOn: PAST })
        .expect(201),
      await pilot
        .post(`/api/v1/cohorts/${formed.id}/milestones`)
        .send({ title: 'Pilotteam benannt', dueOn: FUTURE })
        .expect(201),
    ].map((res) => (res.body as CohortBody).milestones.at(-1)!.id);
    for (const caseId of cases.slice(0, 4)) {
      await pilot
        .put(`/api/v1/cohorts/${formed.id}/milestones/${m1}/members/${caseId}`)
        .send({ done: true, doneOn: '2026-11-01' })
        .expect(200);
    }
    // Repeating what is recorded changes nothing.
    const again = await pilot
      .put(`/api/v1/cohorts/${formed.id}/milestones/${m1}/members/${cases[0]}`)
      .send({ done: true, doneOn: '2026-11-01' })
      .expect(200);
    const page = (await pilot.get(`/api/v1/cohorts/${formed.id}`).expect(200)).body as CohortBody;
    expect(again.body.version).toBe(page.version);
    expect(page.version).toBe(1 + 5 + 2 + 4);
    expect(page.memberCount).toBe(5);
    expect(page.members.map((m) => m.caseId)).toEqual(cases);
    expect(page.members.map((m) => [m.caseStatus, m.milestonesDone, m.milestonesTotal, m.behindOn])).toEqual([
      ['erfasst', 1, 2, []],
      ['erfasst', 1, 2, []],
      ['erfasst', 1, 2, []],
      ['erfasst', 1, 2, []],
      ['erfasst', 0, 2, [m1]],
    ]);
    expect(page.members[0].daysInStage).toBe(0);
    expect(page.milestones.map((m) => [m.id, m.doneBy.length, m.behind])).toEqual([
      [m1, 4, [cases[4]]],
      [m2, 0, []],
    ]);

    // The cohort starts, under its version: stale → 412, nothing written.
    await pilot
      .post(`/api/v1/cohorts/${formed.id}/status-transitions`)
      .set('If-Match', '"1"')
      .send({ to: 'running' })
      .expect(412);
    const running = await pilot
      .post(`/api/v1/cohorts/${formed.id}/status-transitions`)
      .set('If-Match', `"${page.version}"`)
      .send({ to: 'running' })
      .expect(200);
    expect(running.body).toMatchObject({ status: 'running', version: page.version + 1 });
    expect(running.body.startedAt).toEqual(expect.any(String));

    // erfasst → recherchiert: everyone has the cohort's solution as a candidate.
    const researched = (
      await pilot.post(`/api/v1/cohorts/${formed.id}/transitions`).send({ to: 'recherchiert' }).expect(200)
    ).body as CohortBody;
    expect(researched.moves!.map((m) => [m.caseId, m.outcome, m.status])).toEqual(
      cases.map((id) => [id, 'moved', 'recherchiert']),
    );
    expect(researched.version).toBe(page.version + 2);

    // Four members recorded the contact to the origin; the fifth has not: it stays, saying why.
    for (const caseId of cases.slice(0, 4)) {
      await pilot
        .patch(`/api/v1/transfer-cases/${caseId}`)
        .send({ originContact: 'Kick-off mit Karlsruhe' })
        .expect(200);
    }
    const brokered = (
      await pilot.post(`/api/v1/cohorts/${formed.id}/transitions`).send({ to: 'vermittelt' }).expect(200)
    ).body as CohortBody;
    expect(brokered.moves!.map((m) => [m.outcome, m.status, m.unmetConditions])).toEqual([
      ['moved', 'vermittelt', []],
      ['moved', 'vermittelt', []],
      ['moved', 'vermittelt', []],
      ['moved', 'vermittelt', []],
      ['conditions_unmet', 'recherchiert', ['origin_contact']],
    ]);
    const [chosen] = await t.db.query('SELECT chosen_solution_id FROM transfer_cases WHERE id = $1', [
      cases[0],
    ]);
    expect(chosen.chosen_solution_id).toBe(iq);

    // The fifth member changes after the facilitator looked: a move based on that look leaves it.
    const seen = brokered.members[4].caseVersion;
    await pilot
      .patch(`/api/v1/transfer-cases/${cases[4]}`)
      .send({ originContact: 'Telefonat mit Karlsruhe' })
      .expect(200);
    const stale = await pilot
      .post(`/api/v1/cohorts/${formed.id}/transitions`)
      .send({ to: 'vermittelt', members: [{ caseId: cases[4], expectedVersion: seen }] })
      .expect(409);
    expect(stale.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(stale.body.type).toMatch(/no-member-moved$/);
    expect(stale.body.members.map((m: { outcome: string }) => m.outcome)).toEqual([
      'wrong_stage',
      'wrong_stage',
      'wrong_stage',
      'wrong_stage',
      'stale',
    ]);
    const late = (
      await pilot.post(`/api/v1/cohorts/${formed.id}/transitions`).send({ to: 'vermittelt' }).expect(200)
    ).body as CohortBody;
    expect(late.moves!.filter((m) => m.outcome === 'moved').map((m) => m.caseId)).toEqual([cases[4]]);

    // Closing early is refused while members are open; then all five go live on one date.
    await pilot.post(`/api/v1/cohorts/${formed.id}/status-transitions`).send({ to: 'closed' }).expect(422);
    const done = (
      await pilot
        .post(`/api/v1/cohorts/${formed.id}/transitions`)
        .send({ to: 'umgesetzt', implementedOn: '2026-11-20', outcomeNote: 'Gemeinsam eingeführt.' })
        .expect(200)
    ).body as CohortBody;
    expect(done.moves!.every((m) => m.outcome === 'moved' && m.status === 'umgesetzt')).toBe(true);
    expect(done.members.every((m) => m.behindOn.length === 0)).toBe(true);

    // Exact events: created, candidate, contact, three moves, each move naming the cohort.
    for (const caseId of cases) {
      expect(await eventCounts(caseId)).toEqual({
        created: 1,
        candidate_added: 1,
        contact_recorded: 1,
        transitioned: 3,
      });
    }
    const moves: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM transfer_case_events
       WHERE case_id = ANY($1) AND type = 'transitioned' AND data->>'cohortId' = $2`,
      [cases, formed.id],
    );
    expect(moves[0].n).toBe(15);
    const cohortRecords: { action: string; n: number }[] = await t.db.query(
      `SELECT action, count(*)::int AS n FROM changes WHERE entity_id = $1 GROUP BY action ORDER BY action`,
      [formed.id],
    );
    expect(cohortRecords).toEqual([
      { action: 'created', n: 1 },
      { action: 'member_added', n: 5 },
      { action: 'members_moved', n: 4 },
      { action: 'milestone_added', n: 2 },
      { action: 'milestone_progress', n: 4 },
      { action: 'transitioned', n: 1 },
    ]);
    const [{ implemented_transfers }] = await t.db.query(
      'SELECT implemented_transfers FROM solutions WHERE id = $1',
      [iq],
    );
    expect(implemented_transfers).toBe(5);

    // The case page names its cohort; the cohort closes once every member is done.
    const casePage = await analyst.get(`/api/v1/transfer-cases/${cases[0]}`).expect(200);
    expect(casePage.body.cohort).toEqual({ id: formed.id, name: 'IQ-Kohorte Ostsachsen', status: 'running' });
    const closed = await pilot
      .post(`/api/v1/cohorts/${formed.id}/status-transitions`)
      .send({ to: 'closed' })
      .expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: null });
    await pilot
      .post(`/api/v1/cohorts/${formed.id}/milestones`)
      .send({ title: 'Nachtreffen', dueOn: FUTURE })
      .expect(409);
    const listed = await analyst
      .get('/api/v1/cohorts')
      .query({ status: 'closed', solutionId: iq })
      .expect(200);
    expect(listed.body.items.map((c: { id: string; memberCount: number }) => [c.id, c.memberCount])).toEqual([
      [formed.id, 5],
    ]);
  });

  it('refuses joins that break the rules, and leaves nothing behind', async () => {
    const cohort = await formCohort('Kohorte der Regeln');
    const first = await openCase(municipalities[5]);
    await join(pilot, cohort.id, first).expect(201);
    const members = await countRows(t.db, 'cohort_members');

    const ofAnotherSolution = await openCase(municipalities[4], [other]);
    const wrong = await join(pilot, cohort.id, ofAnotherSolution).expect(422);
    expect(wrong.body).toMatchObject({ type: expect.stringMatching(/solution-not-considered$/) });
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'caseId' })]);

    const sameMunicipality = await openCase(municipalities[5]);
    const twice = await join(pilot, cohort.id, sameMunicipality).expect(409);
    expect(twice.body.type).toMatch(/municipality-already-a-member$/);

    const cancelled = await openCase(municipalities[3]);
    await t.http
      .post(`/api/v1/transfer-cases/${cancelled}/transitions`)
      .send({ to: 'abgebrochen', reason: 'Kein Beschluss' })
      .expect(200);
    const terminal = await join(pilot, cohort.id, cancelled).expect(422);
    expect(terminal.body.type).toMatch(/case-closed$/);

    await join(pilot, cohort.id, first).expect(409);
    const elsewhereCohort = await formCohort('Zweite Kohorte');
    const inAnother = await join(pilot, elsewhereCohort.id, first).expect(409);
    expect(inAnother.body.type).toMatch(/case-in-another-group$/);

    // A pilot adds cases of her regions only, and leads only the cohorts she facilitates.
    const fresh = await openCase(municipalities[2]);
    await join(outsider, cohort.id, fresh).expect(403);
    await outsider
      .post(`/api/v1/cohorts/${cohort.id}/status-transitions`)
      .send({ to: 'running' })
      .expect(403);
    await outsider
      .post('/api/v1/cohorts')
      .send({ solutionId: iq, title: 'Fremd', facilitatorId: pilotId })
      .expect(403);
    await analyst.post(`/api/v1/cohorts/${cohort.id}/members`).send({ caseId: fresh }).expect(403);
    await join(pilot, cohort.id, '00000000-0000-4000-8000-000000000000').expect(422);

    expect(await countRows(t.db, 'cohort_members')).toBe(members);

    // Its own guards: no start with one member and no milestone; no move while forming.
    const unmet = await pilot
      .post(`/api/v1/cohorts/${cohort.id}/status-transitions`)
      .send({ to: 'running' })
      .expect(422);
    expect(unmet.body.unmetConditions).toEqual(['two_members', 'milestone']);
    await pilot.post(`/api/v1/cohorts/${cohort.id}/transitions`).send({ to: 'recherchiert' }).expect(409);
    const illegal = await pilot
      .post(`/api/v1/cohorts/${cohort.id}/status-transitions`)
      .send({ to: 'forming' })
      .expect(409);
    expect(illegal.body.allowedTargets).toEqual(['running', 'closed']);
    await pilot.post(`/api/v1/cohorts/${cohort.id}/transitions`).send({ to: 'abgebrochen' }).expect(400);

    // Leaving takes the member's progress with it; the case can then join elsewhere.
    await pilot.delete(`/api/v1/cohorts/${cohort.id}/members/${first}`).expect(200);
    await join(pilot, elsewhereCohort.id, first).expect(201);
  });

  it('moves a cohort once when two moves race, and serialises racing joins', async () => {
    const cohort = await formCohort('Kohorte im Wettlauf');
    const cases = [await openCase(municipalities[0]), await openCase(municipalities[1])];
    for (const caseId of cases) await join(pilot, cohort.id, caseId).expect(201);
    await pilot
      .post(`/api/v1/cohorts/${cohort.id}/milestones`)
      .send({ title: 'Start', dueOn: FUTURE })
      .expect(201);
    const started = await pilot
      .post(`/api/v1/cohorts/${cohort.id}/status-transitions`)
      .send({ to: 'running' })
      .expect(200);

    const version = started.body.version as number;
    const race = await Promise.all(
      [0, 1].map(() =>
        pilot
          .post(`/api/v1/cohorts/${cohort.id}/transitions`)
          .set('If-Match', `"${version}"`)
          .send({ to: 'recherchiert' }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 412]);
    for (const caseId of cases) expect((await eventCounts(caseId)).transitioned).toBe(1);

    // Without a version the loser finds no one left to move.
    const unversioned = await Promise.all(
      [0, 1].map(() => {
        return pilot
          .post(`/api/v1/cohorts/${cohort.id}/transitions`)
          .send({ to: 'vermittelt', originContact: 'Kick-off' });
      }),
    );
    expect(unversioned.map((r) => r.status).sort()).toEqual([200, 409]);
    for (const caseId of cases) expect((await eventCounts(caseId)).transitioned).toBe(2);

    // Two cases of one municipality racing into a cohort: one joins.
    const open = await formCohort('Kohorte der Doppelten');
    const twins = [await openCase(municipalities[2]), await openCase(municipalities[2])];
    const joins = await Promise.all(twins.map((caseId) => join(pilot, open.id, caseId)));
    expect(joins.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('shows the cohort page in the same number of queries for two members as for five', async () => {
    const small = await formCohort('Kleine Kohorte');
    const large = await formCohort('Große Kohorte');
    const target = [small, large];
    for (const [i, municipalityId] of municipalities.entries()) {
      if (i < 2) await join(pilot, small.id, await openCase(municipalityId)).expect(201);
      if (i >= 1) await join(pilot, large.id, await openCase(municipalityId)).expect(201);
    }
    for (const cohort of target) {
      await pilot
        .post(`/api/v1/cohorts/${cohort.id}/milestones`)
        .send({ title: 'Auftakt', dueOn: PAST })
        .expect(201);
    }
    const queries = logQueries(t.db);
    try {
      const counts = [];
      for (const cohort of target) {
        const statements = await queries.during(() =>
          analyst.get(`/api/v1/cohorts/${cohort.id}`).expect(200),
        );
        counts.push(statements.length);
      }
      expect(counts[0]).toBe(counts[1]);
      expect(counts[0]).toBeLessThanOrEqual(10);
    } finally {
      queries.stop();
    }
    const page = (await analyst.get(`/api/v1/cohorts/${large.id}`).expect(200)).body as CohortBody;
    expect(page.members).toHaveLength(5);
    expect(page.members.every((m) => m.behindOn.length === 1)).toBe(true);
    expect(page.transitions).toEqual([]);
  });

  it('lets a transfer team support cases of its solution, one active team per solution', async () => {
    const team = (
      await staff
        .post('/api/v1/transfer-teams')
        .send({ solutionId: other, name: 'Team Mängelmelder' })
        .expect(201)
    ).body;
    await staff.post('/api/v1/transfer-teams').send({ solutionId: other, name: 'Noch eins' }).expect(409);
    await pilot
      .post('/api/v1/transfer-teams')
      .send({ solutionId: other, name: 'Von der Lotsin' })
      .expect(403);
    await staff
      .post('/api/v1/transfer-teams')
      .send({
        solutionId: other,
        name: 'Mit Analystin',
        memberIds: [(await analyst.get('/api/v1/auth/me')).body.id],
      })
      .expect(422);

    const supported = await openCase(municipalities[3], [other]);
    const notItsSolution = await openCase(municipalities[4], [iq]);
    const added = await pilot
      .put(`/api/v1/transfer-teams/${team.id}/cases/${supported}`)
      .send({})
      .expect(200);
    expect(added.body).toMatchObject({ caseCount: 1, version: 2 });
    await pilot.put(`/api/v1/transfer-teams/${team.id}/cases/${notItsSolution}`).send({}).expect(422);
    await outsider.put(`/api/v1/transfer-teams/${team.id}/cases/${notItsSolution}`).send({}).expect(403);

    const casePage = await pilot.get(`/api/v1/transfer-cases/${supported}`).expect(200);
    expect(casePage.body.transferTeam).toEqual({ id: team.id, name: 'Team Mängelmelder', status: 'active' });
    const cases = await analyst.get(`/api/v1/transfer-teams/${team.id}/cases`).expect(200);
    expect(
      cases.body.items.map((c: { caseId: string; caseStatus: string }) => [c.caseId, c.caseStatus]),
    ).toEqual([[supported, 'erfasst']]);

    // Closing ends it; a new team may then start, and the old one cannot reopen beside it.
    const closed = await staff
      .patch(`/api/v1/transfer-teams/${team.id}`)
      .set('If-Match', '"2"')
      .send({ status: 'closed' })
      .expect(200);
    expect(closed.body.closedAt).toEqual(expect.any(String));
    await pilot.put(`/api/v1/transfer-teams/${team.id}/cases/${notItsSolution}`).send({}).expect(409);
    const successor = await staff
      .post('/api/v1/transfer-teams')
      .send({ solutionId: other, name: 'Nachfolger' })
      .expect(201);
    // The demand report shows which signals have a team.
    const demand = await analyst.get('/api/v1/reports/solution-demand').expect(200);
    expect(
      demand.body.solutions.find((row: { solutionId: string }) => row.solutionId === other)?.transferTeamId,
    ).toBe(successor.body.id);
    await staff.patch(`/api/v1/transfer-teams/${team.id}`).send({ status: 'active' }).expect(409);
    const listed = await analyst.get('/api/v1/transfer-teams').query({ solutionId: other }).expect(200);
    expect(listed.body.items.map((x: { name: string; status: string }) => [x.name, x.status])).toEqual([
      ['Nachfolger', 'active'],
      ['Team Mängelmelder', 'closed'],
    ]);
    await staff.delete(`/api/v1/transfer-teams/${team.id}/members/${pilotId}`).expect(404);
    await staff.put(`/api/v1/transfer-teams/${team.id}/members/${pilotId}`).send({}).expect(200);
    await staff.delete(`/api/v1/transfer-teams/${team.id}/members/${pilotId}`).expect(200);
  });

  it('hands cohort changes to state systems with cohorts:read only', async () => {
    const reader = await t.clientAgent({ scopes: ['cohorts:read'], stateCodes: ['DE-BY'] });
    const feed = await reader.get('/api/v1/changes').query({ types: 'cohort', limit: 200 }).expect(200);
    expect(feed.body.items.length).toBeGreaterThan(0);
    expect(feed.body.items.every((c: { entityType: string }) => c.entityType === 'cohort')).toBe(true);
    const blind = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-SN'] });
    await blind.get('/api/v1/changes').query({ types: 'cohort' }).expect(403);
    await blind.get('/api/v1/cohorts').expect(403);
  });
});
