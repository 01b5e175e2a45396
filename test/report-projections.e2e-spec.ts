import fc from 'fast-check';
import pg from 'pg';
import { aMunicipality, aRegion } from './support/builders.js';
import { projectionDrift } from './support/report-projections.js';
import { startTestApp, type Agent, type TestApp } from './support/test-app.js';

/**
 * The report projections (docs/reports.md): per-case rows and their rollups, kept by triggers in
 * the writing transaction. Every e2e file checks at its end that they equal a recomputation from
 * their sources; this one drives every kind of write, concurrent ones included, and checks the
 * same after each, and the percentile interpolation against percentile_cont.
 */
describe('report projections', () => {
  let t: TestApp;
  let pilot: Agent;
  let regionId: string;
  let municipalityId: string;
  let solutionA: string;
  let solutionB: string;

  beforeAll(async () => {
    t = await startTestApp();
    regionId = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body.id;
    municipalityId = (
      await t.http.post('/api/v1/municipalities').send(aMunicipality({ regionId })).expect(201)
    ).body.id;
    pilot = await t.userAgent('lotse', [regionId]);
    const solution = async (slug: string, theme: string) =>
      (await t.http.post('/api/v1/solutions').send({ slug, title: slug, theme }).expect(201)).body
        .id as string;
    solutionA = await solution('projection-a', 'klima-ressourcen');
    solutionB = await solution('projection-b', 'verwaltung-von-morgen');
  });
  afterAll(() => t.close());

  let needs = 0;
  async function openCase(): Promise<string> {
    const need = await pilot
      .post('/api/v1/needs')
      .send({ municipalityId, title: `Bedarf ${++needs}` })
      .expect(201);
    return (await pilot.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201)).body.id;
  }
  const addCandidate = (id: string, solutionId: string) =>
    pilot
      .post(`/api/v1/transfer-cases/${id}/candidates`)
      .send({ solutionId, rationale: 'passt' })
      .expect(201);
  const move = (id: string, body: Record<string, unknown>) =>
    pilot.post(`/api/v1/transfer-cases/${id}/transitions`).send(body);
  const toVermittelt = () => ({ to: 'vermittelt', chosenSolutionId: solutionA, originContact: 'Telefonat' });

  async function statusTotals(query: Record<string, string> = {}) {
    return (await t.http.get('/api/v1/reports/case-status').query(query).expect(200)).body.totals.cases;
  }

  it('interpolates a percentile from the length histogram within 5 % (and a hundredth of a day) of percentile_cont', async () => {
    const stays = fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 1, maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(stays, async (days) => {
        const [row]: { exact: number[]; estimated: number[] }[] = await t.db.query(
          `WITH stays AS (SELECT unnest($1::float8[]) AS days),
                buckets AS (SELECT report_bucket(days) AS bucket, count(*) AS n FROM stays GROUP BY 1)
           SELECT (SELECT ARRAY[percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                                percentile_cont(0.75) WITHIN GROUP (ORDER BY days),
                                percentile_cont(0.9) WITHIN GROUP (ORDER BY days)] FROM stays) AS exact,
                  (SELECT report_percentiles(array_agg(bucket ORDER BY bucket), array_agg(n ORDER BY bucket),
                                             sum(n)::bigint, '{0.5,0.75,0.9}') FROM buckets) AS estimated`,
          [days],
        );
        return row.exact.every((exact, i) => Math.abs(row.estimated[i] - exact) <= 0.05 * exact + 0.0106);
      }),
      { numRuns: 150 },
    );
  });

  it('follow every kind of write: opening, candidates, choices, moves, step backs, cancellations, closed needs', async () => {
    const implemented = await openCase();
    await addCandidate(implemented, solutionA);
    await addCandidate(implemented, solutionB);
    await move(implemented, { to: 'recherchiert' }).expect(200);
    await move(implemented, toVermittelt()).expect(200);
    await move(implemented, { to: 'recherchiert', reason: 'passte nicht' }).expect(200);
    await pilot
      .patch(`/api/v1/transfer-cases/${implemented}`)
      .send({ chosenSolutionId: solutionB, originContact: 'E-Mail' })
      .expect(200);
    await move(implemented, { to: 'vermittelt' }).expect(200);
    await move(implemented, { to: 'umgesetzt', implementedOn: '2026-01-15', outcomeNote: 'läuft' }).expect(
      200,
    );

    const cancelled = await openCase();
    await addCandidate(cancelled, solutionA);
    await pilot.delete(`/api/v1/transfer-cases/${cancelled}/candidates/${solutionA}`).expect(200);
    await move(cancelled, { to: 'abgebrochen', reason: '  Kein Beschluss ' }).expect(200);

    const open = await openCase();
    await addCandidate(open, solutionA);
    await addCandidate(open, solutionB);
    await pilot.post(`/api/v1/transfer-cases/${open}/comments`).send({ note: 'Erstgespräch' }).expect(201);

    const withoutCase = await pilot
      .post('/api/v1/needs')
      .send({ municipalityId, title: 'Ohne Fall' })
      .expect(201);
    await pilot.post(`/api/v1/needs/${withoutCase.body.id}/close`).send({ reason: 'erledigt' }).expect(200);

    expect(await projectionDrift(t.db)).toEqual([]);
    const [{ umgesetzt, abgebrochen, erfasst }] = await t.db.query(
      `SELECT count(*) FILTER (WHERE status = 'umgesetzt')::int AS umgesetzt,
              count(*) FILTER (WHERE status = 'abgebrochen')::int AS abgebrochen,
              count(*) FILTER (WHERE status = 'erfasst')::int AS erfasst
       FROM transfer_cases`,
    );
    expect(await statusTotals()).toMatchObject({ umgesetzt, abgebrochen, erfasst });
    const demand = (await t.http.get('/api/v1/reports/solution-demand').expect(200)).body.solutions;
    expect(demand).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ solutionId: solutionB, openCases: 1, implementedTransfers: 1 }),
      ]),
    );
  });

  it('follow a solution’s new theme into every case that chose it and every open case holding it', async () => {
    const chosen = await openCase();
    await addCandidate(chosen, solutionA);
    await move(chosen, { to: 'recherchiert' }).expect(200);
    await move(chosen, toVermittelt()).expect(200);
    const before = await statusTotals({ theme: 'nachhaltiges-bauen' });
    await t.http.patch(`/api/v1/solutions/${solutionA}`).send({ theme: 'nachhaltiges-bauen' }).expect(200);
    expect(await projectionDrift(t.db)).toEqual([]);
    const after = await statusTotals({ theme: 'nachhaltiges-bauen' });
    expect(after.vermittelt).toBe(before.vermittelt + 1);
    await t.http.patch(`/api/v1/solutions/${solutionA}`).send({ theme: 'klima-ressourcen' }).expect(200);
    expect(await projectionDrift(t.db)).toEqual([]);
  });

  it('never refuse a write the API would not make: a case vermittelt without a chosen solution', async () => {
    // The state machine requires the choice; a fix in SQL or a bulk job need not. The projection
    // counts what it finds (the candidate held, not brokered) instead of failing the write.
    const id = await openCase();
    await addCandidate(id, solutionB);
    await t.db.query(`UPDATE transfer_cases SET status = 'vermittelt' WHERE id = $1`, [id]);
    expect(
      await t.db.query('SELECT brokered FROM report_demand WHERE case_id = $1 AND solution_id = $2', [
        id,
        solutionB,
      ]),
    ).toEqual([{ brokered: false }]);
    expect(await projectionDrift(t.db)).toEqual([]);
  });

  it('count exactly 20 cases of one region and month moved at once, and deadlock on no rollup row', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => openCase()));
    for (const id of ids) await addCandidate(id, solutionA);
    const before = await statusTotals({ regionId });
    const moved = await Promise.all(ids.map((id) => move(id, { to: 'recherchiert' })));
    expect(moved.map((res) => res.status)).toEqual(ids.map(() => 200));
    const brokered = await Promise.all(ids.map((id) => move(id, toVermittelt())));
    expect(brokered.map((res) => res.status)).toEqual(ids.map(() => 200));
    const after = await statusTotals({ regionId });
    expect(after.erfasst).toBe(before.erfasst - 20);
    expect(after.vermittelt).toBe(before.vermittelt + 20);
    expect(await projectionDrift(t.db)).toEqual([]);
  });

  it('give a case choosing a solution whose theme changes at the same moment the theme that won', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => openCase()));
    for (const id of ids) await addCandidate(id, solutionA);
    await Promise.all(ids.map((id) => move(id, { to: 'recherchiert' }).expect(200)));
    const results = await Promise.all([
      ...ids.map((id) => move(id, toVermittelt())),
      t.http.patch(`/api/v1/solutions/${solutionA}`).send({ theme: 'ankommen-teilhabe' }),
    ]);
    expect(results.map((res) => res.status)).toEqual(results.map(() => 200));
    expect(await projectionDrift(t.db)).toEqual([]);
    await t.http.patch(`/api/v1/solutions/${solutionA}`).send({ theme: 'klima-ressourcen' }).expect(200);
  });

  it('give a case a solution’s new theme even when, beneath the write path, both commit at the same moment', async () => {
    // Writes through the API commit one after the other (the change feed's commit order); a bulk
    // job or a fixture writing in SQL does not. Here the theme's commit has found the cases that
    // chose the solution and waits on a row lock of one of them, while another case chooses the
    // solution (in SQL) and commits: that case must wait for the theme (the solution's advisory
    // lock) and then read the new one, not keep the old.
    const chosen = await openCase();
    await addCandidate(chosen, solutionB);
    await move(chosen, { to: 'recherchiert' }).expect(200);
    await move(chosen, { to: 'vermittelt', chosenSolutionId: solutionB, originContact: 'Telefonat' }).expect(
      200,
    );
    const choosing = await openCase();
    await addCandidate(choosing, solutionA);
    const session = async () => {
      const client = new pg.Client({ connectionString: t.databaseUrl });
      await client.connect();
      return client;
    };
    const pid = async (client: pg.Client) =>
      (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const [holder, editor, chooser] = await Promise.all([session(), session(), session()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM report_cases WHERE case_id = $1 FOR UPDATE', [chosen]);
      await editor.query('BEGIN');
      await editor.query(`UPDATE solutions SET theme = 'sicherheit-gesundheit' WHERE id = $1`, [solutionB]);
      const editorPid = await pid(editor);
      const edited = editor.query('COMMIT');
      await until(() => waitsOnLock(editorPid));
      await chooser.query('BEGIN');
      await chooser.query('UPDATE transfer_cases SET chosen_solution_id = $2 WHERE id = $1', [
        choosing,
        solutionB,
      ]);
      const chooserPid = await pid(chooser);
      const choice = chooser.query('COMMIT');
      await until(async () => (await waitsOnLock(chooserPid)) || (await finished(choice)));
      await holder.query('COMMIT');
      await Promise.all([edited, choice]);
    } finally {
      await Promise.all([holder.end(), editor.end(), chooser.end()]);
    }
    expect(await t.db.query('SELECT theme FROM report_cases WHERE case_id = $1', [choosing])).toEqual([
      { theme: 'sicherheit-gesundheit' },
    ]);
    expect(await projectionDrift(t.db)).toEqual([]);
    await t.db.query('UPDATE transfer_cases SET chosen_solution_id = NULL WHERE id = $1', [choosing]);
  });

  /** Whether a backend waits for a lock now. */
  async function waitsOnLock(pid: number): Promise<boolean> {
    const [row] = await t.db.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [pid]);
    return row?.wait_event_type === 'Lock';
  }
  async function finished(query: Promise<unknown>): Promise<boolean> {
    return Promise.race([
      query.then(() => true),
      new Promise<boolean>((done) => setImmediate(() => done(false))),
    ]);
  }
  /** Polls a condition of the database (bounded), for a step that can only be observed there. */
  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 500; attempt++) {
      if (await condition()) return;
      await new Promise((done) => setTimeout(done, 10));
    }
    throw new Error('condition not reached within 5 s');
  }

  it('give the days cases have sat in a stage so far exactly as percentile_cont, for every count and rank', async () => {
    // 1 to 23 cases sitting in erfasst in a region of their own, entered at scattered times: the
    // walk to each percentile's ranks starts from the nearer end, and both ends are exercised.
    const region = (await t.http.post('/api/v1/regions').send(aRegion()).expect(201)).body.id;
    const place = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ regionId: region }))
        .expect(201)
    ).body.id;
    const ids: string[] = [];
    for (let n = 1; n <= 23; n++) {
      const need = await t.http
        .post('/api/v1/needs')
        .send({ municipalityId: place, title: `Sitzt ${n}` })
        .expect(201);
      ids.push(
        (await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201)).body.id,
      );
      await t.db.transaction(async (tx) => {
        // The timeline is append-only; the fixture moves the creation back in time.
        await tx.query('ALTER TABLE transfer_case_events DISABLE TRIGGER transfer_case_events_append_only');
        await tx.query(
          `UPDATE transfer_case_events SET at = now() - make_interval(secs => 86400 * ((($2::int * 7919) % 97) + $2::int / 10.0))
           WHERE case_id = $1`,
          [ids[ids.length - 1], n],
        );
        await tx.query('ALTER TABLE transfer_case_events ENABLE TRIGGER transfer_case_events_append_only');
      });
      if (![1, 2, 3, 10, 23].includes(n)) continue;
      const [expected] = await t.db.query(
        `SELECT count(*)::int AS count,
                round((percentile_cont(0.5) WITHIN GROUP (ORDER BY d))::numeric, 1)::float8 AS "medianDays",
                round((percentile_cont(0.9) WITHIN GROUP (ORDER BY d))::numeric, 1)::float8 AS "p90Days",
                round(max(d)::numeric, 1)::float8 AS "maxDays"
         FROM (SELECT extract(epoch FROM now() - e.at)::float8 / 86400 AS d
               FROM transfer_case_events e WHERE e.case_id = ANY($1)) sitting`,
        [ids],
      );
      for (const query of [{ regionId: region }, { regionId: region, groupBy: 'region' }]) {
        const res = await t.http.get('/api/v1/reports/stage-durations').query(query).expect(200);
        expect(res.body.totals.current[0]).toEqual({ stage: 'erfasst', ...expected });
        if (query.groupBy) expect(res.body.groups[0].current[0]).toEqual({ stage: 'erfasst', ...expected });
      }
    }
    expect(await projectionDrift(t.db)).toEqual([]);
  });

  it('rebuild to exactly what the writes left, and leave nothing pending after a rolled-back write', async () => {
    const counts = () =>
      t.db.query(
        `SELECT (SELECT sum(cases) FROM report_case_counts)::int AS cases,
                (SELECT sum(stays) FROM report_stay_buckets)::int AS stays,
                (SELECT sum(cases) FROM report_stage_entries)::int AS entries,
                (SELECT count(*) FROM report_stays)::int AS rows`,
      );
    const incremental = await counts();
    await t.db.query('SELECT report_rebuild()');
    expect(await counts()).toEqual(incremental);
    expect(await projectionDrift(t.db)).toEqual([]);

    await t.db
      .transaction(async (tx) => {
        await tx.query(`UPDATE transfer_cases SET status = 'abgebrochen' WHERE status = 'erfasst'`);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await t.db.query('SELECT count(*)::int AS n FROM report_pending')).toEqual([{ n: 0 }]);
    expect(await counts()).toEqual(incremental);
  });
});
