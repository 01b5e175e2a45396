import { isUUID } from 'class-validator';
import { seedDemoCases } from '../src/database/seed/demo-cases.js';
import { seedDemoData } from '../src/database/seed/demo-seed.js';
import { countRows, startTestApp, type TestApp } from './support/test-app.js';

describe('demo seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it('loads the states, the 401 Kreise and kreisfreie Städte, Tübingen and four pilot regions', async () => {
    expect(await countRows(t.db, 'states')).toBe(16);
    expect(await countRows(t.db, 'regions')).toBe(4);
    expect(await countRows(t.db, 'municipalities')).toBe(402);
    const dresden = await t.http.get('/api/v1/municipalities/by-ags/14612000').expect(200);
    expect(dresden.body).toMatchObject({
      name: 'Dresden, Stadt',
      kind: 'kreisfreie_stadt',
      population: 554649,
    });
    const tuebingen = await t.http.get('/api/v1/municipalities/by-ags/08416041').expect(200);
    expect(tuebingen.body).toMatchObject({ kind: 'stadt', stateCode: 'DE-BW' });
  });

  it('loads the 34 proven solutions with their origins and the demo needs', async () => {
    expect(
      await t.db.query('SELECT status, count(*)::int AS n FROM solutions GROUP BY status ORDER BY status'),
    ).toEqual([
      { status: 'active', n: 34 },
      // A pilot's nomination waiting for review.
      { status: 'nominated', n: 1 },
    ]);
    const retter = await t.http.get('/api/v1/solutions/by-slug/mobile-retter').expect(200);
    expect(retter.body).toMatchObject({
      title: 'Mobile Retter: Ersthelfende per Smartphone alarmieren',
      theme: 'sicherheit-gesundheit',
      seal: 'bewaehrt-vor-ort-2024',
      topics: ['notfallversorgung', 'rettungsdienst', 'ehrenamt', 'app'],
    });
    const guetersloh = await t.http.get('/api/v1/municipalities/by-ags/05754000').expect(200);
    expect(retter.body.originMunicipalityId).toBe(guetersloh.body.id);
    const tuebingen = await t.http.get('/api/v1/municipalities/by-ags/08416041').expect(200);
    const steuer = await t.http.get('/api/v1/solutions/by-slug/verpackungssteuer').expect(200);
    expect(steuer.body.originMunicipalityId).toBe(tuebingen.body.id);
    const [{ sealed }] = await t.db.query(
      `SELECT count(*)::int AS sealed FROM solutions WHERE seal = 'bewaehrt-vor-ort-2024'`,
    );
    expect(sealed).toBe(3);
    expect(await countRows(t.db, 'needs')).toBeGreaterThanOrEqual(30);
  });

  it('opens demo cases in every state, each with a timeline that leads there', async () => {
    const byStatus = await t.db.query(
      'SELECT status, count(*)::int AS n FROM transfer_cases GROUP BY status ORDER BY status',
    );
    expect(byStatus).toEqual([
      { status: 'abgebrochen', n: 2 },
      { status: 'erfasst', n: 2 },
      // Two demo cases and the four of the demo cohort.
      { status: 'recherchiert', n: 6 },
      // Two demo cases and the three adopters of the lineage.
      { status: 'umgesetzt', n: 5 },
      { status: 'vermittelt', n: 2 },
    ]);
    // They lie in the pilot regions, and the demo pilot of Dresden works on hers.
    const [{ outside, assigned }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE region_id IS NULL)::int AS outside,
              count(*) FILTER (WHERE assignee_id IS NOT NULL)::int AS assigned FROM transfer_cases`,
    );
    expect(outside).toBe(0);
    expect(assigned).toBeGreaterThan(0);
    const cases: { id: string; status: string; version: number }[] = await t.db.query(
      'SELECT id, status, version FROM transfer_cases',
    );
    for (const c of cases) {
      const events = (await t.http.get(`/api/v1/transfer-cases/${c.id}/events`).expect(200)).body.items;
      const last = events.filter((e: { to: string | null }) => e.to !== null).pop();
      expect({ id: c.id, reached: last.to, version: events.length }).toEqual({
        id: c.id,
        reached: c.status,
        version: c.version,
      });
    }
  });

  it('assigns each pilot region its municipalities', async () => {
    const regions = (await t.http.get('/api/v1/regions').expect(200)).body.items as {
      id: string;
      code: string;
    }[];
    expect(regions.map((r) => r.code)).toEqual([
      'bw-neckar-alb',
      'sachsen-chemnitz',
      'sachsen-dresden',
      'sachsen-leipzig',
    ]);
    const counts: Record<string, number> = {};
    for (const region of regions) {
      const page = await t.http.get(`/api/v1/municipalities?regionId=${region.id}`).expect(200);
      counts[region.code] = page.body.items.length;
    }
    expect(counts).toEqual({
      'bw-neckar-alb': 4,
      'sachsen-chemnitz': 5,
      'sachsen-dresden': 5,
      'sachsen-leipzig': 3,
    });
  });

  it('maps the Destatis types to kinds', async () => {
    const kinds = await t.db.query(
      'SELECT kind, count(*)::int AS n FROM municipalities GROUP BY kind ORDER BY kind',
    );
    expect(kinds).toEqual([
      { kind: 'kreisfreie_stadt', n: 107 },
      { kind: 'landkreis', n: 293 },
      { kind: 'stadt', n: 1 },
      { kind: 'verband', n: 1 },
    ]);
  });

  it('leaves the change records the write path leaves: one creation per row, one record per case change', async () => {
    const creations: { entity_type: string; n: number; versions: number[]; actors: number }[] =
      await t.db.query(
        `SELECT entity_type, count(*)::int AS n, array_agg(DISTINCT version) AS versions,
              count(*) FILTER (WHERE actor_user_id IS NOT NULL OR actor_client_id IS NOT NULL)::int AS actors
       FROM changes WHERE action = 'created' AND entity_type <> 'transfer_case' GROUP BY 1 ORDER BY 1`,
      );
    expect(creations).toEqual([
      { entity_type: 'adoption', n: 5, versions: [1], actors: 0 },
      { entity_type: 'cohort', n: 1, versions: [1], actors: 0 },
      { entity_type: 'follow_up', n: 10, versions: [1], actors: 0 },
      { entity_type: 'lesson', n: 2, versions: [1], actors: 0 },
      { entity_type: 'municipality', n: 402, versions: [1], actors: 0 },
      { entity_type: 'need', n: await countRows(t.db, 'needs'), versions: [1], actors: 0 },
      { entity_type: 'solution', n: 34, versions: [1], actors: 0 },
      { entity_type: 'transfer_team', n: 1, versions: [1], actors: 0 },
    ]);
    // Cohort, team, needs, adoptions, follow-ups, lessons, solutions: one record per version, like the cases.
    for (const table of [
      'cohorts',
      'transfer_teams',
      'needs',
      'adoptions',
      'follow_ups',
      'lessons',
      'solutions',
    ]) {
      const rows: { id: string; version: number }[] = await t.db.query(`SELECT id, version FROM ${table}`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const records: { version: number }[] = await t.db.query(
          'SELECT version FROM changes WHERE entity_id = $1 ORDER BY seq',
          [row.id],
        );
        expect({ table, versions: records.map((r) => r.version) }).toEqual({
          table,
          versions: Array.from({ length: row.version }, (_, i) => i + 1),
        });
      }
    }
    // Identical to what the API writes for the same creation, but for who did it.
    const seeded = await t.db.query(
      `SELECT c.entity_type, c.version, c.action, c.data FROM changes c JOIN municipalities m ON m.id = c.entity_id
       WHERE m.ags = '14612000'`,
    );
    const created = await t.http
      .post('/api/v1/municipalities')
      .send({ ags: '14612999', name: 'Vergleich', kind: 'gemeinde' })
      .expect(201);
    const viaApi = await t.db.query(
      'SELECT entity_type, version, action, data FROM changes WHERE entity_id = $1',
      [created.body.id],
    );
    expect(seeded).toEqual([{ ...viaApi[0], data: { ags: '14612000' } }]);
    expect(viaApi[0].data).toEqual({ ags: '14612999' });

    const cases: { id: string; version: number }[] = await t.db.query(
      'SELECT id, version FROM transfer_cases',
    );
    for (const c of cases) {
      const records: { version: number; action: string }[] = await t.db.query(
        'SELECT version, action FROM changes WHERE entity_id = $1 ORDER BY seq',
        [c.id],
      );
      expect(records.map((r) => r.version)).toEqual(Array.from({ length: c.version }, (_, i) => i + 1));
      expect(records[0].action).toBe('created');
    }
    // Suggestions count the implemented transfers of each solution; the seed counted its own.
    const [{ mismatched }] = await t.db.query(
      `SELECT count(*)::int AS mismatched FROM solutions s
       WHERE s.implemented_transfers <> (SELECT count(*) FROM transfer_cases c
                                         WHERE c.chosen_solution_id = s.id AND c.status = 'umgesetzt')`,
    );
    expect(mismatched).toBe(0);
    expect((await t.db.query('SELECT sum(implemented_transfers)::int AS n FROM solutions'))[0].n).toBe(5);
  });

  it('runs a cohort of four Landkreise adopting iq-karlsruhe, one behind, with a team for the most demanded solution', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM cohorts`);
    const cohort = await t.http.get(`/api/v1/cohorts/${id}`).expect(200);
    expect(cohort.body).toMatchObject({
      title: 'IQ-Kohorte Ostsachsen',
      status: 'running',
      solution: { slug: 'iq-karlsruhe' },
      facilitator: { name: 'Demo Lotsin Dresden' },
      memberCount: 4,
    });
    expect(
      cohort.body.members.map((m: { municipalityName: string; caseStatus: string }) => m.municipalityName),
    ).toEqual(['Bautzen', 'Görlitz', 'Meißen', 'Sächsische Schweiz-Osterzgebirge']);
    expect(cohort.body.members.every((m: { caseStatus: string }) => m.caseStatus === 'recherchiert')).toBe(
      true,
    );
    const behind = cohort.body.members.filter((m: { behindOn: string[] }) => m.behindOn.length > 0);
    expect(behind.map((m: { municipalityName: string }) => m.municipalityName)).toEqual([
      'Sächsische Schweiz-Osterzgebirge',
    ]);
    expect(cohort.body.milestones).toHaveLength(3);

    const demand = await t.http.get('/api/v1/reports/solution-demand').expect(200);
    const mostDemanded = demand.body.solutions[0].slug;
    const teams = await t.http.get('/api/v1/transfer-teams').expect(200);
    expect(teams.body.items).toHaveLength(1);
    expect(teams.body.items[0]).toMatchObject({ status: 'active', solution: { slug: mostDemanded } });
    expect(teams.body.items[0].memberCount).toBeGreaterThan(0);
    expect(cohort.body.transferTeam?.id ?? null).toBe(
      mostDemanded === 'iq-karlsruhe' ? teams.body.items[0].id : null,
    );
    const member = await t.http.get(`/api/v1/transfer-cases/${cohort.body.members[0].caseId}`).expect(200);
    expect(member.body.cohort).toMatchObject({ id, status: 'running' });
  });

  it('shows the community of practice: a lineage of three with an overdue follow-up, lessons, a nomination', async () => {
    const retter = (await t.http.get('/api/v1/solutions/by-slug/mobile-retter').expect(200)).body;
    const lineage = await t.http.get(`/api/v1/solutions/${retter.id}/adoptions`).expect(200);
    expect(lineage.body.origin).toMatchObject({ ags: '05754000' });
    expect(
      lineage.body.items.map(
        (a: {
          municipality: { ags: string };
          learnedFrom: { municipality: { ags: string } } | null;
          adapted: boolean;
        }) => [a.municipality.ags, a.learnedFrom?.municipality.ags ?? 'origin', a.adapted],
      ),
    ).toEqual([
      ['14612000', 'origin', false],
      ['14627000', '14612000', true],
      ['14729000', '14627000', false],
    ]);
    expect(lineage.body.counts).toEqual({
      adoptions: 3,
      adapted: 1,
      learnedFromAdopters: 2,
      followedUp: 1,
      stillInUse: 1,
    });
    expect(retter.evidence).toEqual({ adoptions: 3, followedUp: 1, stillInUse: 1 });

    const [pilot] = await t.db.query(
      `SELECT id FROM users WHERE email = 'lotse.dresden@demo.transferstelle.local'`,
    );
    const overdue = await t.http.get(`/api/v1/follow-ups?status=overdue&assigneeId=${pilot.id}`).expect(200);
    expect(overdue.body.items).toEqual([
      expect.objectContaining({ afterMonths: 6, municipality: expect.objectContaining({ ags: '14627000' }) }),
    ]);
    // Implemented cases solved their needs; cancelled ones left them open with the reason.
    expect(
      await t.db.query(
        `SELECT c.status, n.status AS need, count(*)::int AS n FROM transfer_cases c JOIN needs n ON n.id = c.need_id
         WHERE c.status IN ('umgesetzt', 'abgebrochen') GROUP BY 1, 2 ORDER BY 1`,
      ),
    ).toEqual([
      { status: 'abgebrochen', need: 'open', n: 2 },
      { status: 'umgesetzt', need: 'solved', n: 5 },
    ]);

    const lessons: { slug: string; n: number }[] = await t.db.query(
      `SELECT s.slug, count(*)::int AS n FROM lessons l JOIN solutions s ON s.id = l.solution_id GROUP BY 1 ORDER BY 1`,
    );
    expect(lessons).toEqual([
      { slug: 'iq-karlsruhe', n: 1 },
      { slug: 'mobile-retter', n: 1 },
    ]);
    expect((await t.http.get(`/api/v1/solutions/${retter.id}/lessons`).expect(200)).body.items).toHaveLength(
      1,
    );
    const queue = await t.http.get('/api/v1/nominations').expect(200);
    expect(queue.body.items).toEqual([
      expect.objectContaining({
        slug: 'schulweg-check-goerlitz',
        status: 'nominated',
        nomination: expect.objectContaining({ nominatedByUserId: pilot.id, reviewNote: null }),
      }),
    ]);
  });

  it('changes nothing when run again, not even rows users edited', async () => {
    await t.http
      .patch((await municipalityPath('14625000')) as string)
      .send({ name: 'Bautzen (bearbeitet)' })
      .expect(200);
    const before = await t.db.query('SELECT * FROM municipalities ORDER BY ags');
    const regionsBefore = await t.db.query('SELECT * FROM regions ORDER BY code');
    const solutionsBefore = await t.db.query('SELECT * FROM solutions ORDER BY slug');
    const needsBefore = await t.db.query('SELECT * FROM needs ORDER BY id');
    const casesBefore = await t.db.query('SELECT * FROM transfer_cases ORDER BY id');
    const eventsBefore = await countRows(t.db, 'transfer_case_events');
    const changesBefore = await countRows(t.db, 'changes');

    expect(await seedDemoData(t.db, { demoUsers: true })).toEqual({
      regions: 0,
      municipalities: 0,
      users: 0,
      solutions: 0,
      needs: 0,
      cases: 0,
      transferTeams: 0,
      cohorts: 0,
      adoptions: 0,
      lessons: 0,
      nominations: 0,
    });

    expect(await t.db.query('SELECT * FROM municipalities ORDER BY ags')).toEqual(before);
    expect(await t.db.query('SELECT * FROM regions ORDER BY code')).toEqual(regionsBefore);
    expect(await t.db.query('SELECT * FROM solutions ORDER BY slug')).toEqual(solutionsBefore);
    expect(await t.db.query('SELECT * FROM needs ORDER BY id')).toEqual(needsBefore);
    expect(await t.db.query('SELECT * FROM transfer_cases ORDER BY id')).toEqual(casesBefore);
    expect(await countRows(t.db, 'transfer_case_events')).toBe(eventsBefore);
    expect(await countRows(t.db, 'changes')).toBe(changesBefore);
    expect(await countRows(t.db, 'states')).toBe(16);
  });

  it('stores only ids the API accepts back as UUIDs, in every uuid column', async () => {
    const columns: { table: string; column: string; array: boolean }[] = await t.db.query(
      `SELECT c.table_name AS table, c.column_name AS column, c.data_type = 'ARRAY' AS array
       FROM information_schema.columns c
       JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
       WHERE c.table_schema = 'public' AND tb.table_type = 'BASE TABLE' AND c.udt_name IN ('uuid', '_uuid')
       ORDER BY 1, 2`,
    );
    const kinds = ['municipalities', 'needs', 'regions', 'solutions', 'transfer_cases', 'users'];
    expect(columns).toEqual(
      expect.arrayContaining(kinds.map((table) => ({ table, column: 'id', array: false }))),
    );
    const refused: string[] = [];
    let checked = 0;
    for (const { table, column, array } of columns) {
      const values: { id: string }[] = await t.db.query(
        `SELECT DISTINCT ${array ? `unnest("${column}")` : `"${column}"`}::text AS id FROM "${table}"`,
      );
      for (const { id } of values) {
        if (id === null) continue;
        checked += 1;
        // What @IsUUID('all') runs on every id in a request body (OpenCaseDto's needId, …).
        if (!isUUID(id, 'all')) refused.push(`${table}.${column} ${id}`);
      }
    }
    expect(refused).toEqual([]);
    expect(checked).toBeGreaterThan(await countRows(t.db, 'municipalities'));
  });

  it('inserts no demo need again where an older seed stored it under an md5 id', async () => {
    const [need]: { id: string; legacy_id: string }[] = await t.db.query(
      `SELECT n.id, md5(m.ags || '|' || n.title)::uuid::text AS legacy_id
       FROM needs n JOIN municipalities m ON m.id = n.municipality_id
       WHERE n.source = 'desk' AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)
       ORDER BY n.id LIMIT 1`,
    );
    const needs = await countRows(t.db, 'needs');
    await t.db.query('UPDATE needs SET id = $2 WHERE id = $1', [need.id, need.legacy_id]);
    try {
      expect(await seedDemoData(t.db, { demoUsers: true })).toMatchObject({ needs: 0, cases: 0 });
      expect(await countRows(t.db, 'needs')).toBe(needs);
    } finally {
      await t.db.query('UPDATE needs SET id = $1 WHERE id = $2', [need.id, need.legacy_id]);
    }
  });

  it('opens a demo case only on a need without any, so cases an older seed stored under other ids stay alone', async () => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // The needs with the seed's cases drop out of its choice: it picks the next ones, and finds
      // each with a (closed) case under an id it does not derive, as an older seed left them.
      await runner.query(
        `UPDATE needs SET status = 'closed', closed_at = now() WHERE id IN (SELECT need_id FROM transfer_cases)`,
      );
      const taken: unknown[] = await runner.query(
        `INSERT INTO transfer_cases (need_id, municipality_id, region_id, state_code, status, closed_at)
         SELECT n.id, m.id, m.region_id, m.state_code, 'abgebrochen', now()
         FROM needs n JOIN municipalities m ON m.id = n.municipality_id
         WHERE n.status = 'open' AND n.source = 'desk'
         RETURNING id`,
      );
      expect(taken.length).toBeGreaterThan(0);
      const cases = (await runner.query('SELECT count(*)::int AS n FROM transfer_cases'))[0].n;

      expect(await seedDemoCases(runner.manager)).toBe(0);
      expect((await runner.query('SELECT count(*)::int AS n FROM transfer_cases'))[0].n).toBe(cases);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('lets the API open a case on every demo need that has none', async () => {
    const caseless: { id: string }[] = await t.db.query(
      `SELECT n.id FROM needs n
       WHERE n.source = 'desk' AND n.captured_by_user_id IS NULL
         AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)
       ORDER BY n.id`,
    );
    expect(caseless.length).toBeGreaterThan(0);
    const opened: { needId: string; status: number; stored: unknown }[] = [];
    for (const { id } of caseless) {
      const res = await t.http.post('/api/v1/transfer-cases').send({ needId: id });
      const stored: unknown[] =
        res.status === 201
          ? await t.db.query('SELECT need_id, status FROM transfer_cases WHERE id = $1', [res.body.id])
          : [];
      opened.push({ needId: id, status: res.status, stored });
    }
    expect(opened).toEqual(
      caseless.map(({ id }) => ({ needId: id, status: 201, stored: [{ need_id: id, status: 'erfasst' }] })),
    );
    const [{ left }] = await t.db.query(
      `SELECT count(*)::int AS left FROM needs n
       WHERE n.source = 'desk' AND NOT EXISTS (SELECT 1 FROM transfer_cases c WHERE c.need_id = n.id)`,
    );
    expect(left).toBe(0);
  });

  async function municipalityPath(ags: string) {
    const res = await t.http.get(`/api/v1/municipalities/by-ags/${ags}`).expect(200);
    return `/api/v1/municipalities/${res.body.id}`;
  }
});
