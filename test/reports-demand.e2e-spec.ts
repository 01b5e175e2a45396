import { parse } from 'csv-parse/sync';
import { aMunicipality, aRegion } from './support/builders.js';
import { PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

const DEMAND = '/api/v1/reports/solution-demand';
const COVERAGE = '/api/v1/reports/coverage';

/**
 * The demand and coverage reports against a small hand-built fixture whose figures are known.
 * Regions, municipalities, pilots, solutions, needs, cases and candidates are made through the
 * API; statuses, chosen solutions, assignees and opening times are then set in SQL, because the
 * figures, not the state machine, are under test here.
 */
describe('reports: solution demand and coverage', () => {
  let t: TestApp;
  const region: Record<string, string> = {};
  const municipality: Record<string, string> = {};
  const solution: Record<string, string> = {};
  const pilot: Record<string, { id: string; agent: Agent }> = {};

  async function aPilot(name: string, regionIds: string[]) {
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}@demand.test`;
    const password = `password-of-${email}`;
    const created = await t.http
      .post('/api/v1/users')
      .send({ email, name, role: 'lotse', password, regionIds })
      .expect(201);
    const login = await t.anon.post('/api/v1/auth/login').send({ email, password }).expect(200);
    return { id: created.body.id as string, agent: t.bearer(login.body.accessToken) };
  }

  /**
   * A case of a new need in `where`, holding `candidates`, then set to `status` with `chosen`
   * and `assignee`, opened on `openedAt` (Berlin).
   */
  async function aCase(
    where: string,
    status: string,
    candidates: string[],
    { chosen = null, assignee = null, openedAt = '2026-02-10 10:00' }: CaseOptions = {},
  ) {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality[where], title: `Bedarf ${where} ${status}` })
      .expect(201);
    const created = await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201);
    for (const slug of candidates) {
      await t.http
        .post(`/api/v1/transfer-cases/${created.body.id}/candidates`)
        .send({ solutionId: solution[slug], rationale: `Passt zu ${where}` })
        .expect(201);
    }
    await t.db.query(
      `UPDATE transfer_cases SET status = $2, chosen_solution_id = $3, assignee_id = $4,
         opened_at = ($5::timestamp AT TIME ZONE 'Europe/Berlin') WHERE id = $1`,
      [created.body.id, status, chosen && solution[chosen], assignee && pilot[assignee].id, openedAt],
    );
  }
  interface CaseOptions {
    chosen?: string | null;
    assignee?: string | null;
    openedAt?: string;
  }

  beforeAll(async () => {
    t = await startTestApp();
    for (const [key, body] of Object.entries({
      r1: aRegion({ code: 'r1-eins', name: 'Region Eins' }),
      r2: aRegion({ code: 'r2-zwei', name: 'Region Zwei' }),
      r3: aRegion({ code: 'r3-drei', name: 'Region Drei' }),
      rb: aRegion({ code: 'rb-bayern', name: 'Region Bayern', stateCode: 'DE-BY' }),
    })) {
      region[key] = (await t.http.post('/api/v1/regions').send(body).expect(201)).body.id;
    }
    for (const [key, body] of Object.entries({
      a1: aMunicipality({ name: 'Aue', regionId: region.r1 }),
      a2: aMunicipality({ name: 'Adorf', regionId: region.r1 }),
      b1: aMunicipality({ name: 'Bautzen', regionId: region.r2 }),
      c1: aMunicipality({ name: 'Crimmitschau', regionId: region.r3 }),
      o1: aMunicipality({ name: 'Oschatz', regionId: region.r3 }),
      n1: aMunicipality({ name: 'Niesky' }),
      n2: aMunicipality({ name: 'Neusalza' }),
      by1: aMunicipality({ ags: '09162000', kind: 'kreisfreie_stadt', name: 'München', regionId: region.rb }),
      nb: aMunicipality({ ags: '09184000', kind: 'landkreis', name: 'Landkreis München' }),
    })) {
      municipality[key] = (await t.http.post('/api/v1/municipalities').send(body).expect(201)).body.id;
    }
    for (const [slug, theme, origin] of [
      ['mobile-retter-demand', 'sicherheit-gesundheit', 'o1'],
      ['buergerbus-demand', 'ankommen-teilhabe', 'o1'],
      ['dorfladen-demand', 'ankommen-teilhabe', 'by1'],
      ['unused-demand', 'klima-ressourcen', null],
    ] as const) {
      solution[slug] = (
        await t.http
          .post('/api/v1/solutions')
          .send({
            slug,
            title: `Lösung ${slug}`,
            theme,
            originMunicipalityId: origin && municipality[origin],
          })
          .expect(201)
      ).body.id;
    }
    pilot.anna = await aPilot('Anna Lotse', [region.r1, region.r2]);
    pilot.berta = await aPilot('Berta Lotse', [region.r2]);
    pilot.carla = await aPilot('Carla Lotse', [region.r3]);
    pilot.dora = await aPilot('Dora Lotse', []);
    await t.http.patch(`/api/v1/users/${pilot.carla.id}`).send({ active: false }).expect(200);

    const hot = 'mobile-retter-demand';
    const bus = 'buergerbus-demand';
    const shop = 'dorfladen-demand';
    // Open cases: mobile-retter 5 in r1, r2, r3; buergerbus 5 in r1, r2; dorfladen 4 in r1, r2, r3, rb.
    await aCase('a1', 'erfasst', [hot, bus], { assignee: 'anna' }); // 1
    await aCase('a2', 'vermittelt', [hot], { chosen: hot }); // 2: candidate and chosen, once
    await aCase('b1', 'recherchiert', [hot, shop, bus], { assignee: 'berta' }); // 3
    await aCase('c1', 'erfasst', [hot, shop]); // 4
    await aCase('a1', 'vermittelt', [hot], { chosen: hot }); // 5
    await aCase('a1', 'erfasst', [shop, bus], { assignee: 'anna' }); // 6
    await aCase('by1', 'erfasst', [shop]); // 7
    await aCase('a2', 'erfasst', [bus]); // 8
    await aCase('b1', 'erfasst', [bus], { openedAt: '2025-06-01 10:00' }); // 9
    // Closed: counted neither as demand nor as load.
    await aCase('a1', 'umgesetzt', [hot], { chosen: hot, assignee: 'anna' }); // 10
    await aCase('b1', 'abgebrochen', [hot, 'unused-demand'], { assignee: 'berta' }); // 11
  });
  afterAll(() => t.close());

  const demandRow = (
    slug: string,
    figures: { openCases: number; municipalities: number; regions: number; states: number },
    implementedTransfers: number,
    transferTeamSuggested: boolean,
  ) => ({
    solutionId: solution[slug],
    slug,
    title: `Lösung ${slug}`,
    theme: expect.any(String),
    ...figures,
    implementedTransfers,
    transferTeamSuggested,
    transferTeamId: null,
  });

  describe('solution demand', () => {
    it('counts each open case once per solution it holds, and suggests a team from 5 open cases in 3 regions', async () => {
      const res = await t.http.get(DEMAND).expect(200);
      expect(res.body.transferTeamThreshold).toEqual({ openCases: 5, regions: 3 });
      expect(res.body.solutions).toEqual([
        // 5 open cases in only 2 regions: no team.
        demandRow('buergerbus-demand', { openCases: 5, municipalities: 3, regions: 2, states: 1 }, 0, false),
        // 5 open cases in 3 regions, exactly the thresholds: a team. The umgesetzt case is a transfer.
        demandRow(
          'mobile-retter-demand',
          { openCases: 5, municipalities: 4, regions: 3, states: 1 },
          1,
          true,
        ),
        // 4 open cases, even in 4 regions: no team.
        demandRow('dorfladen-demand', { openCases: 4, municipalities: 4, regions: 4, states: 2 }, 0, false),
      ]);
    });

    it('leaves out a solution that only closed cases hold', async () => {
      const res = await t.http.get(DEMAND).expect(200);
      expect(res.body.solutions.map((row: { slug: string }) => row.slug)).not.toContain('unused-demand');
    });

    it('shows the load on each origin: its solutions asked for, open cases asking, cases brokered to it', async () => {
      const res = await t.http.get(DEMAND).expect(200);
      expect(res.body.originLoad).toEqual([
        {
          municipalityId: municipality.o1,
          name: 'Oschatz',
          ags: expect.stringMatching(/^14625\d{3}$/),
          stateCode: 'DE-SN',
          solutions: 2,
          // Cases 1–6, 8, 9 hold mobile-retter or buergerbus; 2 and 5 are vermittelt with mobile-retter.
          openCases: 8,
          brokeredCases: 2,
        },
        {
          municipalityId: municipality.by1,
          name: 'München',
          ags: '09162000',
          stateCode: 'DE-BY',
          solutions: 1,
          openCases: 4,
          brokeredCases: 0,
        },
      ]);
    });

    it('applies the period to when a case was opened, the place filters to the case, solution and theme to the rows', async () => {
      const period = await t.http.get(DEMAND).query({ from: '2026-01-01', to: '2026-12-31' }).expect(200);
      expect(
        period.body.solutions.map((row: { slug: string; openCases: number }) => [row.slug, row.openCases]),
      ).toEqual([
        ['mobile-retter-demand', 5],
        ['buergerbus-demand', 4],
        ['dorfladen-demand', 4],
      ]);
      const bavaria = await t.http.get(DEMAND).query({ stateCode: 'DE-BY' }).expect(200);
      expect(bavaria.body.solutions).toEqual([
        demandRow('dorfladen-demand', { openCases: 1, municipalities: 1, regions: 1, states: 1 }, 0, false),
      ]);
      const theme = await t.http.get(DEMAND).query({ theme: 'ankommen-teilhabe' }).expect(200);
      expect(theme.body.solutions.map((row: { slug: string }) => row.slug)).toEqual([
        'buergerbus-demand',
        'dorfladen-demand',
      ]);
      expect(theme.body.originLoad.map((row: { openCases: number }) => row.openCases)).toEqual([5, 4]);
      const one = await t.http
        .get(DEMAND)
        .query({ solutionId: solution['mobile-retter-demand'] })
        .expect(200);
      expect(one.body.solutions).toHaveLength(1);
      expect(one.body.originLoad).toEqual([
        expect.objectContaining({ solutions: 1, openCases: 5, brokeredCases: 2 }),
      ]);
    });

    it('limits a pilot to her regions and an API client to its territory; refuses a client without reports:read', async () => {
      const mine = await pilot.berta.agent.get(DEMAND).expect(200);
      expect(
        mine.body.solutions.map((row: { slug: string; openCases: number }) => [row.slug, row.openCases]),
      ).toEqual([
        ['buergerbus-demand', 2],
        ['dorfladen-demand', 1],
        ['mobile-retter-demand', 1],
      ]);
      // Case 10 (umgesetzt) lies in region r1, outside hers.
      expect(mine.body.solutions[2].implementedTransfers).toBe(0);

      const bavaria = await t.clientAgent({ scopes: ['reports:read'], stateCodes: ['DE-BY'] });
      const theirs = await bavaria.get(DEMAND).expect(200);
      expect(theirs.body.solutions).toEqual([
        demandRow('dorfladen-demand', { openCases: 1, municipalities: 1, regions: 1, states: 1 }, 0, false),
      ]);
      const without = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-BY'] });
      const refused = await without.get(DEMAND).expect(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it('sends the solutions as CSV, or with view=origins the origin load, with the JSON’s figures', async () => {
      const json = (await t.http.get(DEMAND).expect(200)).body;
      const res = await t.http.get(DEMAND).set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="solution-demand-solutions.csv"');
      const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
      expect(
        rows.map((r) => [
          r.slug,
          Number(r.open_cases),
          Number(r.municipalities),
          Number(r.regions),
          Number(r.states),
          Number(r.implemented_transfers),
          r.transfer_team_suggested,
          r.transfer_team_id,
        ]),
      ).toEqual(
        json.solutions.map((s: Record<string, unknown>) => [
          s.slug,
          s.openCases,
          s.municipalities,
          s.regions,
          s.states,
          s.implementedTransfers,
          String(s.transferTeamSuggested),
          s.transferTeamId ?? '',
        ]),
      );
      const origins = await t.http
        .get(DEMAND)
        .query({ format: 'csv', view: 'origins', locale: 'de' })
        .expect(200);
      expect(origins.headers['content-disposition']).toBe(
        'attachment; filename="solution-demand-origins.csv"',
      );
      const originRows: Record<string, string>[] = parse(origins.text, {
        bom: true,
        columns: true,
        delimiter: ';',
      });
      expect(
        originRows.map((r) => [r.municipality_id, r.ags, Number(r.open_cases), Number(r.brokered_cases)]),
      ).toEqual(
        json.originLoad.map((o: Record<string, unknown>) => [
          o.municipalityId,
          o.ags,
          o.openCases,
          o.brokeredCases,
        ]),
      );
    });

    it('refuses bad filters: 400 naming the field, 422 for a period that ends before it starts', async () => {
      for (const [query, field] of [
        [{ view: 'regions' }, 'view'],
        [{ theme: 'mobilitaet' }, 'theme'],
        [{ solutionId: 'mobile-retter' }, 'solutionId'],
        [{ from: '2026-02-30' }, 'from'],
        [{ groupBy: 'state' }, 'groupBy'],
      ] as const) {
        const res = await t.http.get(DEMAND).query(query).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
      const inverted = await t.http.get(DEMAND).query({ from: '2026-03-01', to: '2026-02-28' }).expect(400);
      expect(inverted.body).toMatchObject({
        errors: [{ field: 'to', message: 'to must not be before from' }],
      });
    });
  });

  describe('coverage', () => {
    it('counts the municipalities per state and those no region holds', async () => {
      const res = await t.http.get(COVERAGE).expect(200);
      expect(res.body.states).toEqual([
        { stateCode: 'DE-BY', name: 'Bayern', municipalities: 2, municipalitiesWithoutRegion: 1 },
        { stateCode: 'DE-SN', name: 'Sachsen', municipalities: 7, municipalitiesWithoutRegion: 2 },
      ]);
    });

    it('lists the regions without an active pilot: never one, or only a deactivated one', async () => {
      const res = await t.http.get(COVERAGE).expect(200);
      expect(res.body.regionsWithoutPilot).toEqual([
        {
          regionId: region.r3,
          code: 'r3-drei',
          name: 'Region Drei',
          stateCode: 'DE-SN',
          municipalities: 2,
          openCases: 1,
        },
        {
          regionId: region.rb,
          code: 'rb-bayern',
          name: 'Region Bayern',
          stateCode: 'DE-BY',
          municipalities: 1,
          openCases: 1,
        },
      ]);
    });

    it('shows each active pilot’s open cases and the unassigned open cases in her regions', async () => {
      const res = await t.http.get(COVERAGE).expect(200);
      const r1 = { id: region.r1, code: 'r1-eins', name: 'Region Eins' };
      const r2 = { id: region.r2, code: 'r2-zwei', name: 'Region Zwei' };
      expect(res.body.pilots).toEqual([
        // Cases 1 and 6 are hers (10 is closed); 2, 5, 8 in r1 and 9 in r2 wait for someone.
        {
          userId: pilot.anna.id,
          name: 'Anna Lotse',
          regions: [r1, r2],
          assignedOpenCases: 2,
          unassignedOpenCasesInRegions: 4,
        },
        {
          userId: pilot.berta.id,
          name: 'Berta Lotse',
          regions: [r2],
          assignedOpenCases: 1,
          unassignedOpenCasesInRegions: 1,
        },
        // A pilot without a region is a gap too; the deactivated Carla is not listed.
        {
          userId: pilot.dora.id,
          name: 'Dora Lotse',
          regions: [],
          assignedOpenCases: 0,
          unassignedOpenCasesInRegions: 0,
        },
      ]);
    });

    it('shows no email or other contact field, to an analyst or anyone', async () => {
      const analyst = await t.userAgent('analyst');
      for (const view of ['states', 'regions-without-pilot', 'pilots']) {
        for (const accept of ['application/json', 'text/csv']) {
          const res = await analyst.get(COVERAGE).query({ view }).set('Accept', accept).expect(200);
          expect(res.text).not.toMatch(/@|email/i);
        }
      }
    });

    it('limits a pilot to her regions and an API client to its territory', async () => {
      const mine = await pilot.berta.agent.get(COVERAGE).expect(200);
      const r2 = { id: region.r2, code: 'r2-zwei', name: 'Region Zwei' };
      expect(mine.body).toEqual({
        states: [{ stateCode: 'DE-SN', name: 'Sachsen', municipalities: 1, municipalitiesWithoutRegion: 0 }],
        regionsWithoutPilot: [],
        pilots: [
          {
            userId: pilot.anna.id,
            name: 'Anna Lotse',
            regions: [r2],
            assignedOpenCases: 0,
            unassignedOpenCasesInRegions: 1,
          },
          {
            userId: pilot.berta.id,
            name: 'Berta Lotse',
            regions: [r2],
            assignedOpenCases: 1,
            unassignedOpenCasesInRegions: 1,
          },
        ],
      });
      const bavaria = await t.clientAgent({ scopes: ['reports:read'], stateCodes: ['DE-BY'] });
      const theirs = await bavaria.get(COVERAGE).expect(200);
      expect(theirs.body).toEqual({
        states: [{ stateCode: 'DE-BY', name: 'Bayern', municipalities: 2, municipalitiesWithoutRegion: 1 }],
        regionsWithoutPilot: [
          expect.objectContaining({ regionId: region.rb, municipalities: 1, openCases: 1 }),
        ],
        pilots: [],
      });
      const without = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-BY'] });
      await without.get(COVERAGE).expect(403);
    });

    it('narrows every list by state or region', async () => {
      const res = await t.http.get(COVERAGE).query({ regionId: region.r1 }).expect(200);
      expect(res.body.states).toEqual([
        { stateCode: 'DE-SN', name: 'Sachsen', municipalities: 2, municipalitiesWithoutRegion: 0 },
      ]);
      expect(res.body.regionsWithoutPilot).toEqual([]);
      expect(res.body.pilots).toEqual([
        expect.objectContaining({
          userId: pilot.anna.id,
          assignedOpenCases: 2,
          unassignedOpenCasesInRegions: 3,
        }),
      ]);
    });

    it('sends each list as CSV by view, with the JSON’s figures', async () => {
      const json = (await t.http.get(COVERAGE).expect(200)).body;
      const csv = async (view: string) => {
        const res = await t.http.get(COVERAGE).query({ view, format: 'csv' }).expect(200);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="coverage-${view}.csv"`);
        return parse(res.text, { bom: true, columns: true }) as Record<string, string>[];
      };
      expect(
        (await csv('states')).map((r) => [
          r.state_code,
          Number(r.municipalities),
          Number(r.municipalities_without_region),
        ]),
      ).toEqual(
        json.states.map((s: Record<string, unknown>) => [
          s.stateCode,
          s.municipalities,
          s.municipalitiesWithoutRegion,
        ]),
      );
      expect(
        (await csv('regions-without-pilot')).map((r) => [r.region_id, r.code, Number(r.open_cases)]),
      ).toEqual(
        json.regionsWithoutPilot.map((r: Record<string, unknown>) => [r.regionId, r.code, r.openCases]),
      );
      expect(
        (await csv('pilots')).map((r) => [
          r.user_id,
          r.regions,
          Number(r.assigned_open_cases),
          Number(r.unassigned_open_cases_in_regions),
        ]),
      ).toEqual([
        [pilot.anna.id, 'r1-eins r2-zwei', 2, 4],
        [pilot.berta.id, 'r2-zwei', 1, 1],
        [pilot.dora.id, '', 0, 0],
      ]);
    });

    it('refuses filters that do not apply to a picture of now, and a bad view, with 400 naming the field', async () => {
      for (const [query, field] of [
        [{ from: '2026-01-01' }, 'from'],
        [{ municipalityId: '00000000-0000-4000-8000-000000000000' }, 'municipalityId'],
        [{ theme: 'klima-ressourcen' }, 'theme'],
        [{ view: 'origins' }, 'view'],
        [{ regionId: 'r1' }, 'regionId'],
      ] as const) {
        const res = await t.http.get(COVERAGE).query(query).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      }
    });
  });
});

describe('reports: transfer-team thresholds from the configuration', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { REPORT_TEAM_MIN_OPEN_CASES: '2', REPORT_TEAM_MIN_REGIONS: '2' } });
  });
  afterAll(() => t.close());

  it('suggests a team by the configured thresholds', async () => {
    const regions: string[] = [];
    for (const name of ['Nord', 'Süd']) {
      regions.push((await t.http.post('/api/v1/regions').send(aRegion({ name })).expect(201)).body.id);
    }
    const places: string[] = [];
    for (const regionId of regions) {
      places.push(
        (await t.http.post('/api/v1/municipalities').send(aMunicipality({ regionId })).expect(201)).body.id,
      );
    }
    const solutionId = (
      await t.http
        .post('/api/v1/solutions')
        .send({ slug: 'schwelle-demand', title: 'Schwelle', theme: 'verwaltung-von-morgen' })
        .expect(201)
    ).body.id;
    const report = async () => (await t.http.get(DEMAND).expect(200)).body;
    const openCaseIn = async (municipalityId: string) => {
      const need = await t.http.post('/api/v1/needs').send({ municipalityId, title: 'Bedarf' }).expect(201);
      const created = await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201);
      await t.http
        .post(`/api/v1/transfer-cases/${created.body.id}/candidates`)
        .send({ solutionId, rationale: 'Passt' })
        .expect(201);
    };

    await openCaseIn(places[0]);
    await openCaseIn(places[0]);
    // 2 open cases, 1 region.
    expect(await report()).toMatchObject({
      transferTeamThreshold: { openCases: 2, regions: 2 },
      solutions: [{ openCases: 2, regions: 1, transferTeamSuggested: false }],
    });
    await openCaseIn(places[1]);
    expect((await report()).solutions).toEqual([
      expect.objectContaining({ openCases: 3, regions: 2, transferTeamSuggested: true }),
    ]);
  });
});
