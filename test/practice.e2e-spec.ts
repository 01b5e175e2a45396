import { jest } from '@jest/globals';
import { Clock } from '../src/common/clock.js';
import { countRows, PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

const RETTER = {
  title: 'Mobile Retter: Ersthelfende per Smartphone zum Herzstillstand alarmieren',
  theme: 'sicherheit-gesundheit',
  summary:
    'Bei einem Herzstillstand alarmiert die Leitstelle registrierte Ersthelfende in der Nähe per Smartphone-App, ' +
    'damit die Wiederbelebung beginnt, bevor der Rettungsdienst eintrifft.',
  problem: 'Lange Anfahrtswege des Rettungsdienstes im ländlichen Raum bei Herzstillstand.',
  topics: ['notfallversorgung'],
};

const HERZ_NEED = {
  title: 'Ersthelfende bei Herzstillstand per Smartphone alarmieren',
  description:
    'Der Rettungsdienst braucht auf dem Land zu lange. Wir suchen eine App, mit der die Leitstelle Ersthelfende ' +
    'in der Nähe alarmiert, damit die Wiederbelebung früher beginnt.',
  topics: ['notfallversorgung'],
};

describe('community of practice', () => {
  let t: TestApp;
  let regionId: string;
  let elsewhereId: string;
  let pilot: Agent;
  let pilotId: string;
  let secondPilot: Agent;
  let secondPilotId: string;
  let outsider: Agent;
  let staff: Agent;
  let analyst: Agent;
  const places: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    regionId = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'mittelsachsen', name: 'Mittelsachsen', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    elsewhereId = (
      await t.http
        .post('/api/v1/regions')
        .send({ code: 'vogtland', name: 'Vogtland', stateCode: 'DE-SN' })
        .expect(201)
    ).body.id;
    const towns: [string, string, string][] = [
      ['Freiberg', '14522180', regionId],
      ['Döbeln', '14522080', regionId],
      ['Mittweida', '14522400', regionId],
      ['Rochlitz', '14522450', regionId],
      ['Plauen', '14523320', elsewhereId],
      ['Gütersloh', '05754008', elsewhereId],
    ];
    for (const [name, ags, region] of towns) {
      places[name] = (
        await t.http
          .post('/api/v1/municipalities')
          .send({ ags, name, kind: 'stadt', regionId: region })
          .expect(201)
      ).body.id;
    }
    pilot = await t.userAgent('lotse', [regionId]);
    pilotId = (await pilot.get('/api/v1/auth/me').expect(200)).body.id;
    secondPilot = await t.userAgent('lotse', [regionId]);
    secondPilotId = (await secondPilot.get('/api/v1/auth/me').expect(200)).body.id;
    outsider = await t.userAgent('lotse', [elsewhereId]);
    staff = await t.userAgent('transferstelle');
    analyst = await t.userAgent('analyst');
  });
  afterAll(() => t.close());

  const need = async (municipality: string, body: object) =>
    (
      await pilot
        .post('/api/v1/needs')
        .send({ municipalityId: places[municipality], ...body })
        .expect(201)
    ).body.id as string;

  const alertsOf = async (agent: Agent, query = '') =>
    (await agent.get(`/api/v1/alerts${query}`).expect(200)).body.items as {
      id: string;
      status: string;
      need: { id: string };
      solution: { id: string; slug: string };
      caseId: string | null;
      reasons: { matchedTerms: string[] };
      version: number;
    }[];

  /** Open, research, broker and implement a case of this need on this date. */
  async function implement(needId: string, solutionId: string, implementedOn: string, assigneeId = pilotId) {
    const opened = await pilot.post('/api/v1/transfer-cases').send({ needId, assigneeId }).expect(201);
    const id = opened.body.id as string;
    await pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId, rationale: 'Gleiche Ausgangslage.' })
      .expect(201);
    await pilot.post(`/api/v1/transfer-cases/${id}/transitions`).send({ to: 'recherchiert' }).expect(200);
    await pilot
      .post(`/api/v1/transfer-cases/${id}/transitions`)
      .send({ to: 'vermittelt', chosenSolutionId: solutionId, originContact: 'Telefonat mit der Herkunft.' })
      .expect(200);
    await pilot
      .post(`/api/v1/transfer-cases/${id}/transitions`)
      .send({ to: 'umgesetzt', implementedOn, outcomeNote: 'Im Betrieb.' })
      .expect(200);
    return id;
  }

  describe('match alerts: information arrives', () => {
    let herzNeed: string;
    let retterId: string;
    let alertId: string;

    it('publishing a fitting solution raises exactly one alert, for the need’s pilot; repeating or a typo none', async () => {
      herzNeed = await need('Freiberg', HERZ_NEED);
      const unrelated = await need('Döbeln', {
        title: 'Schulhöfe entsiegeln und begrünen',
        description: 'Hitzeinseln auf Schulhöfen abbauen.',
      });
      // A need that already chose a solution is not alerted: it is not looking any more.
      const chose = await need('Mittweida', { ...HERZ_NEED, title: `${HERZ_NEED.title} (Mittweida)` });
      const placeholder = (
        await staff
          .post('/api/v1/solutions')
          .send({ slug: 'leitstellen-app', title: 'Leitstellen-App', theme: 'sicherheit-gesundheit' })
          .expect(201)
      ).body.id;
      const mittweidaCase = (await pilot.post('/api/v1/transfer-cases').send({ needId: chose }).expect(201))
        .body.id;
      await pilot
        .post(`/api/v1/transfer-cases/${mittweidaCase}/candidates`)
        .send({ solutionId: placeholder, rationale: 'Naheliegend.' })
        .expect(201);
      await pilot
        .post(`/api/v1/transfer-cases/${mittweidaCase}/transitions`)
        .send({ to: 'recherchiert' })
        .expect(200);
      await pilot
        .patch(`/api/v1/transfer-cases/${mittweidaCase}`)
        .send({ chosenSolutionId: placeholder })
        .expect(200);
      expect(await countRows(t.db, 'match_alerts')).toBe(0);

      const created = await staff
        .post('/api/v1/solutions')
        .send({ slug: 'mobile-retter', ...RETTER, originMunicipalityId: places['Gütersloh'] })
        .expect(201);
      retterId = created.body.id;

      const mine = await alertsOf(pilot);
      expect(mine).toEqual([
        expect.objectContaining({
          status: 'open',
          need: { id: herzNeed, title: HERZ_NEED.title },
          solution: { id: retterId, slug: 'mobile-retter', title: RETTER.title },
          caseId: null,
          municipality: expect.objectContaining({ name: 'Freiberg' }),
          regionId,
          version: 1,
        }),
      ]);
      expect(mine[0].reasons.matchedTerms.length).toBeGreaterThan(0);
      alertId = mine[0].id;
      expect(await alertsOf(outsider)).toEqual([]);
      expect(await alertsOf(outsider, `?regionId=${regionId}`)).toHaveLength(1);
      const stored: { need_id: string }[] = await t.db.query('SELECT need_id FROM match_alerts');
      expect(stored.map((r) => r.need_id)).toEqual([herzNeed]);
      expect(stored.map((r) => r.need_id)).not.toContain(unrelated);

      // The feed carries it, filed under the need's place.
      const [record] = await t.db.query(
        `SELECT action, version, state_code, region_id, actor_user_id FROM changes WHERE entity_type = 'match_alert'`,
      );
      expect(record).toEqual({
        action: 'created',
        version: 1,
        state_code: 'DE-SN',
        region_id: regionId,
        actor_user_id: expect.any(String),
      });

      // The same text again, then a typo fixed in the summary: matched again, nothing new.
      await staff.patch(`/api/v1/solutions/${retterId}`).send(RETTER).expect(200);
      await staff
        .patch(`/api/v1/solutions/${retterId}`)
        .send({ summary: RETTER.summary.replace('Nähe', 'Naehe') })
        .expect(200);
      await staff.patch(`/api/v1/solutions/${retterId}`).send({ summary: RETTER.summary }).expect(200);
      expect(await countRows(t.db, 'match_alerts')).toBe(1);
      expect(
        (await t.http.get('/api/v1/changes?limit=200').expect(200)).body.items.filter(
          (c: { entityType: string }) => c.entityType === 'match_alert',
        ),
      ).toHaveLength(1);
    });

    it('accepting adds the candidate with the reasons (opening a case for the need), once', async () => {
      expect(
        (await outsider.post(`/api/v1/alerts/${alertId}/accept`).send({}).expect(403)).headers[
          'content-type'
        ],
      ).toMatch(PROBLEM_JSON);
      await analyst.post(`/api/v1/alerts/${alertId}/accept`).send({}).expect(403);
      const [first, second] = await Promise.all([
        pilot.post(`/api/v1/alerts/${alertId}/accept`).send({}),
        secondPilot.post(`/api/v1/alerts/${alertId}/accept`).send({}),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const accepted = first.status === 200 ? first.body : second.body;
      expect(accepted).toMatchObject({ status: 'accepted', version: 2, caseId: expect.any(String) });
      const opened = await pilot.get(`/api/v1/transfer-cases/${accepted.caseId}`).expect(200);
      expect(opened.body).toMatchObject({ needId: herzNeed, status: 'erfasst', version: 2 });
      expect(opened.body.candidates).toEqual([
        expect.objectContaining({
          solution: expect.objectContaining({ id: retterId }),
          rationale: expect.stringMatching(/^Vorschlag der Suche \(passende Begriffe: /),
        }),
      ]);
      expect([pilotId, secondPilotId]).toContain(opened.body.assigneeId);
      expect(await countRows(t.db, 'transfer_cases')).toBe(2);
      await pilot.post(`/api/v1/alerts/${alertId}/dismiss`).send({ reason: 'Zu spät.' }).expect(409);
      expect(await alertsOf(pilot)).toEqual([]);
      expect(await alertsOf(pilot, '?status=accepted')).toHaveLength(1);
    });

    it('a dismissed alert keeps its reason; bad input is refused naming the field', async () => {
      const other = await need('Rochlitz', { ...HERZ_NEED, title: `${HERZ_NEED.title} in Rochlitz` });
      await staff
        .post('/api/v1/solutions')
        .send({ slug: 'herzretter', ...RETTER, title: `Herzretter: ${RETTER.title}` })
        .expect(201);
      const [alert] = (await alertsOf(pilot, `?needId=${other}`)).filter(
        (a) => a.solution.slug === 'herzretter',
      );
      expect(alert).toBeDefined();
      const bad = await pilot
        .post(`/api/v1/alerts/${alert.id}/dismiss`)
        .send({ reason: ' ', extra: 1 })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'reason']);
      const dismissed = await pilot
        .post(`/api/v1/alerts/${alert.id}/dismiss`)
        .send({ reason: 'Die Stadt hat bereits beauftragt.' })
        .expect(200);
      expect(dismissed.body).toMatchObject({
        status: 'dismissed',
        dismissReason: 'Die Stadt hat bereits beauftragt.',
        decidedByUserId: pilotId,
      });
      await pilot.get('/api/v1/alerts?status=nope').expect(400);
      await pilot.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000').expect(404);
    });
  });

  describe('pioneer discovery: nominations', () => {
    const practice = {
      title: 'Dorfladen-Genossenschaft mit digitalem Bestellsystem',
      theme: 'ankommen-teilhabe',
      problem: 'Im Dorf gibt es keinen Lebensmittelladen mehr; ältere Menschen können nicht mehr einkaufen.',
      approach:
        'Eine Genossenschaft betreibt den Laden; bestellt wird per Telefon oder App, geliefert wird im Ort.',
      impactEvidence: 'Seit zwei Jahren kostendeckend, 300 Mitglieder.',
      topics: ['nahversorgung'],
    };
    const dorfladenNeed = {
      title: 'Nahversorgung: Dorfladen als Genossenschaft mit Bestellsystem',
      description: 'Kein Lebensmittelladen mehr im Dorf, ältere Menschen können nicht einkaufen.',
      topics: ['nahversorgung'],
    };
    const suggestedSlugs = async (needId: string) =>
      (await pilot.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200)).body.items.map(
        (s: { solution: { slug: string } }) => s.solution.slug,
      );

    it('nomination → review → active → now suggested (and alerted); declined → never suggested', async () => {
      const needId = await need('Döbeln', dorfladenNeed);
      await outsider
        .post('/api/v1/nominations')
        .send({ slug: 'dorfladen-falkenau', ...practice, originMunicipalityId: places['Döbeln'] })
        .expect(403);
      await analyst
        .post('/api/v1/nominations')
        .send({ slug: 'dorfladen-falkenau', ...practice, originMunicipalityId: places['Döbeln'] })
        .expect(403);
      const missing = await pilot
        .post('/api/v1/nominations')
        .send({ slug: 'xy', title: 'X', theme: 'ankommen-teilhabe' });
      expect(missing.status).toBe(400);
      expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'originMunicipalityId',
        'problem',
      ]);

      const nominated = await pilot
        .post('/api/v1/nominations')
        .send({ slug: 'dorfladen-falkenau', ...practice, originMunicipalityId: places['Döbeln'] })
        .expect(201);
      expect(nominated.body).toMatchObject({
        status: 'nominated',
        originMunicipalityId: places['Döbeln'],
        nomination: { nominatedByUserId: pilotId, reviewedByUserId: null, reviewNote: null },
        evidence: { adoptions: 0, followedUp: 0, stillInUse: 0 },
      });
      const declinedOne = await pilot
        .post('/api/v1/nominations')
        .send({
          slug: 'dorfladen-zweite',
          ...practice,
          title: 'Zweiter Dorfladen mit Bestellsystem',
          originMunicipalityId: places['Mittweida'],
        })
        .expect(201);

      // Waiting for review: not suggested, not alerted, not a candidate, not in the default list.
      expect(await suggestedSlugs(needId)).toEqual([]);
      expect(await alertsOf(pilot, `?needId=${needId}`)).toEqual([]);
      expect(
        (await staff.get('/api/v1/solutions').expect(200)).body.items.map((s: { slug: string }) => s.slug),
      ).not.toContain('dorfladen-falkenau');
      const queue = await staff.get('/api/v1/nominations').expect(200);
      expect(queue.body.items.map((s: { slug: string }) => s.slug)).toEqual([
        'dorfladen-falkenau',
        'dorfladen-zweite',
      ]);
      await staff.patch(`/api/v1/solutions/${nominated.body.id}`).send({ status: 'active' }).expect(409);

      await pilot
        .post(`/api/v1/nominations/${nominated.body.id}/review`)
        .send({ decision: 'active', note: 'Gut.' })
        .expect(403);
      const reviewed = await staff
        .post(`/api/v1/nominations/${nominated.body.id}/review`)
        .send({ decision: 'active', note: 'Wirkung belegt, übertragbar.' })
        .expect(200);
      expect(reviewed.body).toMatchObject({
        status: 'active',
        nomination: { reviewNote: 'Wirkung belegt, übertragbar.', reviewedAt: expect.any(String) },
      });
      expect(await suggestedSlugs(needId)).toEqual(['dorfladen-falkenau']);
      expect((await alertsOf(pilot, `?needId=${needId}`)).map((a) => a.solution.slug)).toEqual([
        'dorfladen-falkenau',
      ]);

      await staff
        .post(`/api/v1/nominations/${declinedOne.body.id}/review`)
        .send({ decision: 'declined', note: 'Kein Wirkungsnachweis.' })
        .expect(200);
      await staff
        .post(`/api/v1/nominations/${declinedOne.body.id}/review`)
        .send({ decision: 'active', note: 'Doch.' })
        .expect(409);
      await staff.patch(`/api/v1/solutions/${declinedOne.body.id}`).send({ status: 'active' }).expect(409);
      await staff.post(`/api/v1/solutions/${declinedOne.body.id}/archive`).expect(409);
      // Its text edited: still declined, still never suggested.
      await staff
        .patch(`/api/v1/solutions/${declinedOne.body.id}`)
        .send({ summary: 'Dorfladen' })
        .expect(200);
      expect(await suggestedSlugs(needId)).toEqual(['dorfladen-falkenau']);
      expect((await staff.get('/api/v1/nominations?status=declined').expect(200)).body.items).toEqual([
        expect.objectContaining({ slug: 'dorfladen-zweite', status: 'declined' }),
      ]);
      expect((await staff.get('/api/v1/nominations').expect(200)).body.items).toEqual([]);

      // Two reviewers at once: one decides, the other is told it is decided; one record.
      const raced = await pilot
        .post('/api/v1/nominations')
        .send({
          slug: 'dorfladen-dritte',
          ...practice,
          title: 'Dritter Dorfladen',
          originMunicipalityId: places['Rochlitz'],
        })
        .expect(201);
      const reviews = await Promise.all([
        staff.post(`/api/v1/nominations/${raced.body.id}/review`).send({ decision: 'active', note: 'Ja.' }),
        t.http
          .post(`/api/v1/nominations/${raced.body.id}/review`)
          .send({ decision: 'declined', note: 'Nein.' }),
      ]);
      expect(reviews.map((r) => r.status).sort()).toEqual([200, 409]);
      const [{ n }] = await t.db.query(
        `SELECT count(*)::int AS n FROM changes WHERE entity_id = $1 AND action = 'reviewed'`,
        [raced.body.id],
      );
      expect(n).toBe(1);
    });
  });

  describe('needs follow their case', () => {
    it('umgesetzt solves the need; abgebrochen opens it again with the reason; both recorded', async () => {
      const solution = (
        await staff
          .post('/api/v1/solutions')
          .send({ slug: 'bauantrag-online', title: 'Bauantrag online', theme: 'verwaltung-von-morgen' })
          .expect(201)
      ).body.id;
      const solved = await need('Rochlitz', { title: 'Bauanträge digital annehmen' });
      const caseId = await implement(solved, solution, '2026-10-01');
      const after = await pilot.get(`/api/v1/needs/${solved}`).expect(200);
      expect(after.body).toMatchObject({
        status: 'solved',
        solvedByCaseId: caseId,
        solvedAt: expect.any(String),
      });
      await pilot.post('/api/v1/transfer-cases').send({ needId: solved }).expect(409);
      await pilot.post(`/api/v1/needs/${solved}/close`).send({ reason: 'Erledigt.' }).expect(409);

      const cancelled = await need('Rochlitz', { title: 'Digitale Bauakte einführen' });
      const opened = (await pilot.post('/api/v1/transfer-cases').send({ needId: cancelled }).expect(201)).body
        .id;
      await pilot
        .post(`/api/v1/needs/${cancelled}/close`)
        .send({ reason: 'Vorerst zurückgestellt.' })
        .expect(200);
      await pilot
        .post(`/api/v1/transfer-cases/${opened}/transitions`)
        .send({ to: 'abgebrochen', reason: 'Haushaltssperre 2027.' })
        .expect(200);
      const reopened = await pilot.get(`/api/v1/needs/${cancelled}`).expect(200);
      expect(reopened.body).toMatchObject({
        status: 'open',
        reopenReason: 'Haushaltssperre 2027.',
        closedAt: null,
        closeReason: null,
      });
      const records: { entity_id: string; action: string; data: { caseId: string } }[] = await t.db.query(
        `SELECT entity_id, action, data FROM changes WHERE entity_type = 'need' AND action IN ('solved', 'reopened') ORDER BY seq`,
      );
      expect(records).toEqual([
        { entity_id: solved, action: 'solved', data: expect.objectContaining({ caseId }) },
        {
          entity_id: cancelled,
          action: 'reopened',
          data: expect.objectContaining({ caseId: opened, from: 'closed' }),
        },
      ]);
      // Open again, it gets a new case.
      await pilot.post('/api/v1/transfer-cases').send({ needId: cancelled }).expect(201);
      expect(
        (await pilot.get('/api/v1/needs?status=solved').expect(200)).body.items.map(
          (n: { id: string }) => n.id,
        ),
      ).toEqual([solved]);
    });
  });

  describe('lineage, lessons and followed-up impact', () => {
    let solutionId: string;
    const adopters: Record<string, { caseId: string; adoptionId: string }> = {};
    const clock = () => jest.spyOn(t.app.get(Clock), 'now');

    beforeAll(async () => {
      solutionId = (
        await staff
          .post('/api/v1/solutions')
          .send({
            slug: 'buergerkoffer',
            title: 'Bürgerkoffer: mobile Bürgerdienste im Dorf',
            theme: 'verwaltung-von-morgen',
            originMunicipalityId: places['Plauen'],
          })
          .expect(201)
      ).body.id;
      const dates: [string, string, string][] = [
        ['Freiberg', '2025-01-31', pilotId],
        ['Döbeln', '2025-06-15', pilotId],
        ['Mittweida', '2026-03-10', secondPilotId],
      ];
      for (const [town, date, assignee] of dates) {
        const needId = await need(town, { title: `Bürgerdienste vor Ort in ${town}` });
        const caseId = await implement(needId, solutionId, date, assignee);
        const [row]: { id: string }[] = await t.db.query('SELECT id FROM adoptions WHERE case_id = $1', [
          caseId,
        ]);
        adopters[town] = { caseId, adoptionId: row.id };
      }
    });
    afterEach(() => jest.restoreAllMocks());

    it('gives the lineage with exact dates, variants, who learned from whom, and counts', async () => {
      await outsider
        .patch(`/api/v1/adoptions/${adopters['Döbeln'].adoptionId}`)
        .send({ learnedFromAdoptionId: adopters['Freiberg'].adoptionId })
        .expect(403);
      const later = await pilot
        .patch(`/api/v1/adoptions/${adopters['Freiberg'].adoptionId}`)
        .send({ learnedFromAdoptionId: adopters['Mittweida'].adoptionId })
        .expect(422);
      expect(later.body.errors).toEqual([
        { field: 'learnedFromAdoptionId', message: expect.stringMatching(/before this one/) },
      ]);
      const patched = await pilot
        .patch(`/api/v1/adoptions/${adopters['Döbeln'].adoptionId}`)
        .send({
          learnedFromAdoptionId: adopters['Freiberg'].adoptionId,
          variantNote: 'Koffer im Bürgerbus statt im Gemeindehaus.',
        })
        .expect(200);
      expect(patched.headers.etag).toBe('"2"');
      await pilot
        .patch(`/api/v1/adoptions/${adopters['Mittweida'].adoptionId}`)
        .set('If-Match', '"7"')
        .send({ learnedFromAdoptionId: adopters['Döbeln'].adoptionId })
        .expect(412);
      await secondPilot
        .patch(`/api/v1/adoptions/${adopters['Mittweida'].adoptionId}`)
        .set('If-Match', '"1"')
        .send({ learnedFromAdoptionId: adopters['Döbeln'].adoptionId })
        .expect(200);
      // Two edits based on the same version: one wins, the other is stale.
      const sameVersion = await Promise.all([
        pilot
          .patch(`/api/v1/adoptions/${adopters['Freiberg'].adoptionId}`)
          .set('If-Match', '"1"')
          .send({ variantNote: 'Erste Fassung.' }),
        secondPilot
          .patch(`/api/v1/adoptions/${adopters['Freiberg'].adoptionId}`)
          .set('If-Match', '"1"')
          .send({ variantNote: 'Zweite Fassung.' }),
      ]);
      expect(sameVersion.map((r) => r.status).sort()).toEqual([200, 412]);
      await pilot
        .patch(`/api/v1/adoptions/${adopters['Freiberg'].adoptionId}`)
        .send({ variantNote: null })
        .expect(200);
      // The same again changes nothing.
      await secondPilot
        .patch(`/api/v1/adoptions/${adopters['Mittweida'].adoptionId}`)
        .send({ learnedFromAdoptionId: adopters['Döbeln'].adoptionId })
        .expect(200);

      const lineage = await analyst.get(`/api/v1/solutions/${solutionId}/adoptions`).expect(200);
      expect(lineage.body).toMatchObject({
        solution: { id: solutionId, slug: 'buergerkoffer' },
        origin: { id: places['Plauen'], name: 'Plauen', ags: '14523320' },
        counts: { adoptions: 3, adapted: 1, learnedFromAdopters: 2, followedUp: 0, stillInUse: 0 },
        nextCursor: null,
      });
      expect(
        lineage.body.items.map((a: Record<string, unknown> & { followUps: { dueOn: string }[] }) => ({
          town: (a.municipality as { name: string }).name,
          implementedOn: a.implementedOn,
          adapted: a.adapted,
          learnedFrom:
            (a.learnedFrom as { municipality: { name: string } } | null)?.municipality.name ?? 'origin',
          dueOn: a.followUps.map((f) => f.dueOn),
          version: a.version,
        })),
      ).toEqual([
        {
          town: 'Freiberg',
          implementedOn: '2025-01-31',
          adapted: false,
          learnedFrom: 'origin',
          dueOn: ['2025-07-31', '2026-01-31'],
          version: 3,
        },
        {
          town: 'Döbeln',
          implementedOn: '2025-06-15',
          adapted: true,
          learnedFrom: 'Freiberg',
          dueOn: ['2025-12-15', '2026-06-15'],
          version: 2,
        },
        {
          town: 'Mittweida',
          implementedOn: '2026-03-10',
          adapted: false,
          learnedFrom: 'Döbeln',
          dueOn: ['2026-09-10', '2027-03-10'],
          version: 2,
        },
      ]);
      const firstPage = await analyst.get(`/api/v1/solutions/${solutionId}/adoptions?limit=2`).expect(200);
      expect(firstPage.body.items).toHaveLength(2);
      const rest = await analyst
        .get(`/api/v1/solutions/${solutionId}/adoptions?limit=2&cursor=${firstPage.body.nextCursor}`)
        .expect(200);
      expect(rest.body.items.map((a: { id: string }) => a.id)).toEqual([adopters['Mittweida'].adoptionId]);
      expect(rest.body.counts.adoptions).toBe(3);
      const solution = await analyst.get(`/api/v1/solutions/${solutionId}`).expect(200);
      expect(solution.body.evidence).toEqual({ adoptions: 3, followedUp: 0, stillInUse: 0 });
    });

    it('lists overdue follow-ups per pilot and region on the injected day, exactly', async () => {
      clock().mockReturnValue(new Date('2026-07-01T10:00:00Z'));
      const list = async (query: string) =>
        (await pilot.get(`/api/v1/follow-ups?${query}`).expect(200)).body.items.map(
          (f: { municipality: { name: string }; afterMonths: number; dueOn: string; status: string }) =>
            `${f.municipality.name} ${f.afterMonths} ${f.dueOn} ${f.status}`,
        );
      const overdue = [
        'Freiberg 6 2025-07-31 overdue',
        'Döbeln 6 2025-12-15 overdue',
        'Freiberg 12 2026-01-31 overdue',
        'Döbeln 12 2026-06-15 overdue',
      ];
      expect(await list(`status=overdue&solutionId=${solutionId}`)).toEqual(overdue);
      expect(await list(`status=overdue&assigneeId=${pilotId}`)).toEqual(overdue);
      expect(await list(`status=overdue&assigneeId=${secondPilotId}`)).toEqual([]);
      expect(await list(`status=due&regionId=${regionId}&solutionId=${solutionId}`)).toEqual([
        'Mittweida 6 2026-09-10 due',
        'Mittweida 12 2027-03-10 due',
      ]);
      expect(await list(`status=overdue&regionId=${elsewhereId}`)).toEqual([]);
      // The day after Mittweida's first is due, it is overdue too.
      clock().mockReturnValue(new Date('2026-09-11T08:00:00Z'));
      expect(await list(`status=overdue&assigneeId=${secondPilotId}`)).toEqual([
        'Mittweida 6 2026-09-10 overdue',
      ]);
      await pilot.get('/api/v1/follow-ups?status=late').expect(400);
    });

    it('records results as history, feeding the solution’s evidence, its suggestion reasons and the overdue list', async () => {
      clock().mockReturnValue(new Date('2026-07-01T10:00:00Z'));
      const followUps = async (town: string) =>
        (await t.db.query(
          'SELECT id, after_months FROM follow_ups WHERE adoption_id = $1 ORDER BY after_months',
          [adopters[town].adoptionId],
        )) as { id: string }[];
      const [freiberg6, freiberg12] = await followUps('Freiberg');
      const [doebeln6] = await followUps('Döbeln');
      const [mittweida6] = await followUps('Mittweida');

      const future = await pilot
        .post(`/api/v1/follow-ups/${freiberg6.id}/results`)
        .send({ stillInUse: true, observedOn: '2026-07-02' })
        .expect(422);
      expect(future.body.errors).toEqual([
        { field: 'observedOn', message: 'observedOn must not be in the future' },
      ]);
      const noUnit = await pilot
        .post(`/api/v1/follow-ups/${freiberg6.id}/results`)
        .send({ stillInUse: true, observedOn: '2025-08-01', measuredEffect: { value: 4 } })
        .expect(400);
      expect(noUnit.body.errors).toEqual([{ field: 'measuredEffect.unit', message: expect.any(String) }]);
      await outsider
        .post(`/api/v1/follow-ups/${freiberg6.id}/results`)
        .send({ stillInUse: true, observedOn: '2025-08-01' })
        .expect(403);
      expect(await countRows(t.db, 'follow_up_results')).toBe(0);

      // Two follow-ups of one adoption recorded at once: its evidence counts once.
      const both = await Promise.all([
        pilot.post(`/api/v1/follow-ups/${freiberg6.id}/results`).send({
          stillInUse: true,
          observedOn: '2025-08-01',
          measuredEffect: { value: 4.5, unit: 'Minuten früher', text: 'Median bis zur ersten Hilfe.' },
        }),
        pilot
          .post(`/api/v1/follow-ups/${freiberg12.id}/results`)
          .send({ stillInUse: false, observedOn: '2026-02-02' }),
      ]);
      expect(both.map((r) => r.status)).toEqual([201, 201]);
      expect(both[0].body).toMatchObject({
        status: 'recorded',
        results: 1,
        version: 2,
        latest: {
          stillInUse: true,
          measuredEffect: { value: 4.5, unit: 'Minuten früher' },
          observedOn: '2025-08-01',
        },
      });
      await pilot
        .post(`/api/v1/follow-ups/${doebeln6.id}/results`)
        .send({ stillInUse: true, observedOn: '2025-12-20' })
        .expect(201);
      const evidence = async () =>
        (await analyst.get(`/api/v1/solutions/${solutionId}`).expect(200)).body.evidence;
      // Freiberg's latest says no longer in use; Döbeln's says in use.
      expect(await evidence()).toEqual({ adoptions: 3, followedUp: 2, stillInUse: 1 });

      // A correction is a new result; the old one stays.
      const corrected = await pilot
        .post(`/api/v1/follow-ups/${freiberg12.id}/results`)
        .set('If-Match', '"2"')
        .send({
          stillInUse: true,
          observedOn: '2026-02-10',
          measuredEffect: { text: 'Wieder in Betrieb nach Serverwechsel.' },
        })
        .expect(201);
      expect(corrected.body.history.map((r: { stillInUse: boolean }) => r.stillInUse)).toEqual([false, true]);
      expect(corrected.body).toMatchObject({ results: 2, version: 3, latest: { stillInUse: true } });
      await pilot
        .post(`/api/v1/follow-ups/${freiberg12.id}/results`)
        .set('If-Match', '"2"')
        .send({ stillInUse: false, observedOn: '2026-02-11' })
        .expect(412);
      expect(await evidence()).toEqual({ adoptions: 3, followedUp: 2, stillInUse: 2 });
      expect(await countRows(t.db, 'follow_up_results')).toBe(4);

      const overdue = (
        await pilot.get(`/api/v1/follow-ups?status=overdue&solutionId=${solutionId}`).expect(200)
      ).body.items;
      expect(
        overdue.map(
          (f: { municipality: { name: string }; afterMonths: number }) =>
            `${f.municipality.name} ${f.afterMonths}`,
        ),
      ).toEqual(['Döbeln 12']);
      expect((await pilot.get(`/api/v1/follow-ups/${mittweida6.id}`).expect(200)).body).toMatchObject({
        status: 'due',
        history: [],
        latest: null,
      });

      // The suggestions name the evidence as a reason.
      const needId = await need('Rochlitz', { title: 'Bürgerkoffer: mobile Bürgerdienste im Dorf anbieten' });
      const suggestions = await pilot.get(`/api/v1/needs/${needId}/solution-suggestions`).expect(200);
      const koffer = suggestions.body.items.find(
        (s: { solution: { id: string } }) => s.solution.id === solutionId,
      );
      expect(koffer.reasons).toMatchObject({
        successfulTransfers: 3,
        followedUpAdoptions: 2,
        adoptionsInUse: 2,
      });
      const lineage = await analyst.get(`/api/v1/solutions/${solutionId}/adoptions`).expect(200);
      expect(lineage.body.counts).toMatchObject({ followedUp: 2, stillInUse: 2 });
    });

    it('keeps lessons of cases and cohorts per solution, newest first, paged', async () => {
      const onCase = await pilot
        .post('/api/v1/lessons')
        .send({
          caseId: adopters['Freiberg'].caseId,
          title: 'Datenschutz früh klären',
          body: 'Die Datenschutzfolgeabschätzung hat drei Monate gedauert.',
          adaptations: 'Termine über das Landratsamt statt über die Gemeinde.',
          obstacles: 'WLAN im Dorfgemeinschaftshaus fehlte.',
          costEuros: 18000,
          effortPersonDays: 25,
          durationMonths: 7,
          legalBasis: 'Zweckvereinbarung nach SächsKomZG',
          materials: [{ title: 'Musterzweckvereinbarung', url: 'https://example.org/zv.pdf' }],
          tags: ['datenschutz', 'zweckvereinbarung'],
        })
        .expect(201);
      expect(onCase.body).toMatchObject({
        solution: { id: solutionId },
        caseId: adopters['Freiberg'].caseId,
        cohortId: null,
        municipality: { name: 'Freiberg' },
        costEuros: 18000,
        author: { kind: 'user', id: pilotId },
        version: 1,
      });
      await outsider
        .post('/api/v1/lessons')
        .send({ caseId: adopters['Freiberg'].caseId, title: 'Fremd' })
        .expect(403);
      const both = await pilot
        .post('/api/v1/lessons')
        .send({ caseId: adopters['Freiberg'].caseId, cohortId: adopters['Freiberg'].caseId, title: 'Beides' })
        .expect(422);
      expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual(['caseId', 'cohortId']);
      const other = (
        await staff
          .post('/api/v1/solutions')
          .send({ slug: 'anderes', title: 'Etwas anderes', theme: 'verwaltung-von-morgen' })
          .expect(201)
      ).body.id;
      const notConsidered = await pilot
        .post('/api/v1/lessons')
        .send({ caseId: adopters['Freiberg'].caseId, solutionId: other, title: 'Falsch' })
        .expect(422);
      expect(notConsidered.body.errors[0].field).toBe('solutionId');
      await pilot
        .post('/api/v1/lessons')
        .send({ caseId: adopters['Döbeln'].caseId, title: 'Bürgerbus als Standort', tags: ['mobilitaet'] })
        .expect(201);

      const cohort = await pilot
        .post('/api/v1/cohorts')
        .send({ solutionId, title: 'Bürgerkoffer-Kohorte', facilitatorId: pilotId })
        .expect(201);
      await outsider.post('/api/v1/lessons').send({ cohortId: cohort.body.id, title: 'Fremd' }).expect(403);
      const inCohort = await pilot
        .post('/api/v1/lessons')
        .send({ cohortId: cohort.body.id, title: 'Gemeinsame Ausschreibung spart Zeit', tags: ['vergabe'] })
        .expect(201);
      expect(inCohort.body).toMatchObject({ cohortId: cohort.body.id, caseId: null, municipality: null });

      const all = await analyst.get(`/api/v1/solutions/${solutionId}/lessons`).expect(200);
      expect(all.body.items.map((l: { title: string }) => l.title)).toEqual([
        'Gemeinsame Ausschreibung spart Zeit',
        'Bürgerbus als Standort',
        'Datenschutz früh klären',
      ]);
      const page = await analyst.get(`/api/v1/solutions/${solutionId}/lessons?limit=2`).expect(200);
      const next = await analyst
        .get(`/api/v1/solutions/${solutionId}/lessons?limit=2&cursor=${page.body.nextCursor}`)
        .expect(200);
      expect(next.body.items.map((l: { title: string }) => l.title)).toEqual(['Datenschutz früh klären']);
      expect(next.body.nextCursor).toBeNull();
      const tagged = await analyst.get(`/api/v1/solutions/${solutionId}/lessons?tag=datenschutz`).expect(200);
      expect(tagged.body.items.map((l: { id: string }) => l.id)).toEqual([onCase.body.id]);
      await analyst.get(`/api/v1/solutions/00000000-0000-4000-8000-000000000000/lessons`).expect(404);
      expect(await countRows(t.db, 'lessons')).toBe(3);
    });
  });
});
