import { parse } from 'csv-parse/sync';
import { reportPlaces, type ReportPlaces } from './support/report-places.js';
import { PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

/** A case's moves: the stage it entered and when (an SQL expression). */
type Move = readonly [stage: string, at: string];

/** A local time in Berlin, as SQL. */
const berlin = (local: string) => `('${local}'::timestamp AT TIME ZONE 'Europe/Berlin')`;
/** So many days of 24 hours ago, as SQL (hours, so a change of daylight saving time moves nothing). */
const ago = (days: number) => `(now() - make_interval(hours => ${24 * days}))`;

/** Figures of the stays left in the period, for one stage. */
const completed = (
  stage: string,
  count: number,
  medianDays: number | null = null,
  p75Days: number | null = null,
  p90Days: number | null = null,
) => ({ stage, count, medianDays, p75Days, p90Days });
/** Figures of the cases sitting in a stage now. */
const current = (
  stage: string,
  count: number,
  medianDays: number | null = null,
  p90Days: number | null = null,
  maxDays: number | null = null,
) => ({ stage, count, medianDays, p90Days, maxDays });
const noneCompleted = ['erfasst', 'recherchiert', 'vermittelt'].map((stage) => completed(stage, 0));
const noneCurrent = ['erfasst', 'recherchiert', 'vermittelt'].map((stage) => current(stage, 0));

/**
 * The stage reports against a hand-built fixture whose figures are known. Cases are opened
 * through the API; their timelines are then replaced in SQL with moves at explicit times, because
 * the figures, not the state machine, are under test here.
 *
 * March 2026 (the period most tests use; Berlin changes to summer time on the 29th):
 *   C1 (Region A) erfasst 1.3. → recherchiert 3.3. → vermittelt 6.3. → back to recherchiert 8.3.
 *      → vermittelt 12.3. → umgesetzt 20.3., all at 10:00 (stays 2; 3, 4; 2, 8 days)
 *   C2 (Region A) erfasst 2.3. → recherchiert 6.3. → abgebrochen 7.3. (4; 1), "  Kein Bedarf mehr "
 *   C3 (Region B) erfasst 5.3. → abgebrochen 10.3. (5), "Kein Bedarf mehr"
 *   E1 (Bavaria, no region) erfasst 30.3. 23:59 → recherchiert 31.3. 23:59 → abgebrochen 2.4. 23:59,
 *      "Zu teuer"
 *   E2 (Bavaria, no region) erfasst 27.2. 12:00 → recherchiert 2.3. 12:00 → abgebrochen 1.4. 00:00,
 *      " Zu teuer\n"
 * Open now (days before now()):
 *   C5 (Region B) erfasst 10 → recherchiert 4
 *   C6 (Region A) erfasst 2
 *   C7 (Region A) erfasst 6, without a creation event (opened 6 days ago)
 *   C8 (Region A) erfasst 20 → recherchiert 15 → vermittelt 12 → back to recherchiert 3
 */
describe('reports: stage durations and funnel', () => {
  let t: TestApp;
  let regionA: string;
  let regionB: string;
  let klimaSolution: string;
  let municipality: ReportPlaces['municipality'];

  const durations = '/api/v1/reports/stage-durations';
  const funnel = '/api/v1/reports/funnel';
  const march = { from: '2026-03-01', to: '2026-03-31' };

  /**
   * A case of a new need in `where` whose timeline is exactly `moves` (the creation left out when
   * `withoutCreation`), whose status is the last move's and that was opened at the first.
   */
  async function aCase(
    where: keyof ReportPlaces['municipality'],
    moves: readonly Move[],
    options: { cancelReason?: string; withoutCreation?: boolean; chosenSolutionId?: string } = {},
  ) {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality[where], title: `Bedarf ${where}` })
      .expect(201);
    const { id } = (await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201))
      .body;
    await t.db.transaction(async (tx) => {
      // The timeline is append-only; the fixture replaces the one the API wrote, in one transaction.
      await tx.query('ALTER TABLE transfer_case_events DISABLE TRIGGER transfer_case_events_append_only');
      await tx.query('DELETE FROM transfer_case_events WHERE case_id = $1', [id]);
      await tx.query('ALTER TABLE transfer_case_events ENABLE TRIGGER transfer_case_events_append_only');
      for (const [i, [stage, at]] of moves.entries()) {
        if (i === 0 && options.withoutCreation) continue;
        const reason = stage === 'abgebrochen' ? options.cancelReason : undefined;
        await tx.query(
          `INSERT INTO transfer_case_events (case_id, type, from_status, to_status, at, note, data)
           VALUES ($1, $2, $3, $4, ${at}, $5, $6)`,
          [
            id,
            i === 0 ? 'created' : 'transitioned',
            i === 0 ? null : moves[i - 1][0],
            stage,
            reason ?? null,
            reason === undefined ? {} : { reason },
          ],
        );
      }
      const [last, lastAt] = moves[moves.length - 1];
      const final = last === 'umgesetzt' || last === 'abgebrochen';
      await tx.query(
        `UPDATE transfer_cases SET status = $2, cancel_reason = $3, chosen_solution_id = $4,
           opened_at = ${moves[0][1]}, closed_at = ${final ? lastAt : 'NULL'} WHERE id = $1`,
        [id, last, options.cancelReason ?? null, options.chosenSolutionId ?? null],
      );
    });
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({ regionA, regionB, municipality, klimaSolution } = await reportPlaces(t, 'waermeplanung-stages'));

    await aCase(
      'a1',
      [
        ['erfasst', berlin('2026-03-01 10:00')],
        ['recherchiert', berlin('2026-03-03 10:00')],
        ['vermittelt', berlin('2026-03-06 10:00')],
        ['recherchiert', berlin('2026-03-08 10:00')],
        ['vermittelt', berlin('2026-03-12 10:00')],
        ['umgesetzt', berlin('2026-03-20 10:00')],
      ],
      { chosenSolutionId: klimaSolution },
    );
    await aCase(
      'a1',
      [
        ['erfasst', berlin('2026-03-02 10:00')],
        ['recherchiert', berlin('2026-03-06 10:00')],
        ['abgebrochen', berlin('2026-03-07 10:00')],
      ],
      { cancelReason: '  Kein Bedarf mehr ' },
    );
    await aCase(
      'b1',
      [
        ['erfasst', berlin('2026-03-05 10:00')],
        ['abgebrochen', berlin('2026-03-10 10:00')],
      ],
      { cancelReason: 'Kein Bedarf mehr' },
    );
    await aCase(
      'by',
      [
        ['erfasst', berlin('2026-03-30 23:59')],
        ['recherchiert', berlin('2026-03-31 23:59')],
        ['abgebrochen', berlin('2026-04-02 23:59')],
      ],
      { cancelReason: 'Zu teuer' },
    );
    await aCase(
      'by',
      [
        ['erfasst', berlin('2026-02-27 12:00')],
        ['recherchiert', berlin('2026-03-02 12:00')],
        ['abgebrochen', berlin('2026-04-01 00:00')],
      ],
      { cancelReason: ' Zu teuer\n' },
    );
    await aCase('b1', [
      ['erfasst', ago(10)],
      ['recherchiert', ago(4)],
    ]);
    await aCase('a1', [['erfasst', ago(2)]]);
    await aCase('a2', [['erfasst', ago(6)]], { withoutCreation: true });
    await aCase('a2', [
      ['erfasst', ago(20)],
      ['recherchiert', ago(15)],
      ['vermittelt', ago(12)],
      ['recherchiert', ago(3)],
    ]);
  });
  afterAll(() => t.close());

  describe('stage durations', () => {
    it('gives count, median, p75 and p90 in days of the stays left in the period; an even count takes the middle', async () => {
      const res = await t.http
        .get(durations)
        .query({ ...march, groupBy: 'region' })
        .expect(200);
      expect(res.body.groupBy).toBe('region');
      expect(res.body.groups.map((g: { key: string; label: string }) => [g.key, g.label])).toEqual([
        [regionA, 'Region A'],
        [regionB, 'Region B'],
        [null, null],
      ]);
      const [a, b, bavaria] = res.body.groups;
      expect(a.completed).toEqual([
        completed('erfasst', 2, 3, 3.5, 3.8),
        completed('recherchiert', 3, 3, 3.5, 3.8),
        completed('vermittelt', 2, 5, 6.5, 7.4),
      ]);
      expect(b.completed).toEqual([
        completed('erfasst', 1, 5, 5, 5),
        completed('recherchiert', 0),
        completed('vermittelt', 0),
      ]);
      expect(bavaria.completed).toEqual([
        completed('erfasst', 2, 2, 2.5, 2.8),
        completed('recherchiert', 0),
        completed('vermittelt', 0),
      ]);
    });

    it('computes the totals over all stays, not from the groups’ figures', async () => {
      const res = await t.http
        .get(durations)
        .query({ ...march, groupBy: 'region' })
        .expect(200);
      expect(res.body.totals).toEqual({
        key: null,
        label: null,
        completed: [
          completed('erfasst', 5, 3, 4, 4.6),
          completed('recherchiert', 3, 3, 3.5, 3.8),
          completed('vermittelt', 2, 5, 6.5, 7.4),
        ],
        current: [
          current('erfasst', 2, 4, 5.6, 6),
          current('recherchiert', 2, 3.5, 3.9, 4),
          current('vermittelt', 0),
        ],
      });
      const ungrouped = await t.http.get(durations).query(march).expect(200);
      expect(ungrouped.body).toEqual({ groupBy: 'none', groups: [], totals: res.body.totals });
    });

    it('counts a step back as a new stay in recherchiert, and a case that stepped back as sitting there since', async () => {
      const res = await t.http
        .get(durations)
        .query({ ...march, regionId: regionA })
        .expect(200);
      // C1's recherchiert stays of 3 and 4 days and C2's of 1; C8 sits there since its step back 3 days ago.
      expect(res.body.totals.completed[1]).toEqual(completed('recherchiert', 3, 3, 3.5, 3.8));
      expect(res.body.totals.current[1]).toEqual(current('recherchiert', 1, 3, 3, 3));
    });

    it('gives the cases sitting in a stage now with the days so far, whatever the period; a case without creation event since it was opened', async () => {
      const res = await t.http
        .get(durations)
        .query({ groupBy: 'region', from: '2020-01-01', to: '2020-12-31' })
        .expect(200);
      const [a, b] = res.body.groups;
      expect(a.current).toEqual([
        current('erfasst', 2, 4, 5.6, 6),
        current('recherchiert', 1, 3, 3, 3),
        current('vermittelt', 0),
      ]);
      expect(b.current).toEqual([
        current('erfasst', 0),
        current('recherchiert', 1, 4, 4, 4),
        current('vermittelt', 0),
      ]);
    });

    it('answers a period without stays with zeros and nulls, not errors', async () => {
      const res = await t.http
        .get(durations)
        .query({ groupBy: 'region', from: '2020-01-01', to: '2020-12-31' })
        .expect(200);
      expect(res.body.groups.map((g: { key: string }) => g.key)).toEqual([regionA, regionB]);
      for (const row of [...res.body.groups, res.body.totals]) expect(row.completed).toEqual(noneCompleted);
    });

    it('counts a stay left on the last Berlin minute of `to`, not one left just after', async () => {
      const bavaria = { stateCode: 'DE-BY' };
      const inMarch = await t.http
        .get(durations)
        .query({ ...march, ...bavaria })
        .expect(200);
      // E1 left erfasst on 31.3. 23:59 (1 day), E2 on 2.3. (3 days, entered before the period).
      expect(inMarch.body.totals.completed[0]).toEqual(completed('erfasst', 2, 2, 2.5, 2.8));
      // E2 left recherchiert on 1.4. 00:00, E1 on 2.4.
      expect(inMarch.body.totals.completed[1]).toEqual(completed('recherchiert', 0));
      const withApril1 = await t.http
        .get(durations)
        .query({ ...bavaria, from: '2026-03-01', to: '2026-04-01' })
        .expect(200);
      // 2.3. 12:00 CET to 1.4. 00:00 CEST: 29 days and 11 hours.
      expect(withApril1.body.totals.completed[1]).toEqual(completed('recherchiert', 1, 29.5, 29.5, 29.5));
    });

    it('counts every stay ever left without a period', async () => {
      const res = await t.http.get(durations).expect(200);
      // March's stays, E1's and E2's left in April, C5's and C8's: erfasst 1, 2, 3, 4, 5, 5, 6;
      // recherchiert 1, 2, 3, 3, 4, 29.46; vermittelt 2, 8, 9.
      expect(res.body.totals.completed).toEqual([
        completed('erfasst', 7, 4, 5, 5.4),
        completed('recherchiert', 6, 3, 3.8, 16.7),
        completed('vermittelt', 3, 8, 8.5, 8.8),
      ]);
    });

    it('takes the solution and theme filters on the chosen solution', async () => {
      for (const filter of [{ solutionId: klimaSolution }, { theme: 'klima-ressourcen' }]) {
        const res = await t.http.get(durations).query(filter).expect(200);
        expect(res.body.totals.completed).toEqual([
          completed('erfasst', 1, 2, 2, 2),
          completed('recherchiert', 2, 3.5, 3.8, 3.9),
          completed('vermittelt', 2, 5, 6.5, 7.4),
        ]);
        expect(res.body.totals.current).toEqual(noneCurrent);
      }
    });
  });

  describe('funnel', () => {
    it('counts the cases entering each stage in the period once each, with the conversion to the next stage', async () => {
      const res = await t.http.get(funnel).query(march).expect(200);
      expect(res.body).toEqual({
        stages: [
          // C1, C2, C3, E1 (E2 was opened in February).
          { stage: 'erfasst', entered: 4, conversionToNext: 1 },
          // C1 (twice), C2, E1 (31.3. 23:59), E2.
          { stage: 'recherchiert', entered: 4, conversionToNext: 0.25 },
          { stage: 'vermittelt', entered: 1, conversionToNext: 1 },
          { stage: 'umgesetzt', entered: 1, conversionToNext: null },
        ],
        // E1 and E2 were given up in April.
        abgebrochen: { count: 2, reasons: [{ reason: 'Kein Bedarf mehr', count: 2 }] },
      });
    });

    it('groups the cancel reasons as given, trimmed, most frequent first and ties by reason', async () => {
      const res = await t.http.get(funnel).expect(200);
      expect(res.body.abgebrochen).toEqual({
        count: 4,
        reasons: [
          { reason: 'Kein Bedarf mehr', count: 2 },
          { reason: 'Zu teuer', count: 2 },
        ],
      });
      expect(res.body.stages).toEqual([
        { stage: 'erfasst', entered: 9, conversionToNext: 0.667 },
        { stage: 'recherchiert', entered: 6, conversionToNext: 0.333 },
        { stage: 'vermittelt', entered: 2, conversionToNext: 0.5 },
        { stage: 'umgesetzt', entered: 1, conversionToNext: null },
      ]);
    });

    it('gives a conversion above 1 when cases that entered a stage before the period move on within it', async () => {
      const res = await t.http
        .get(funnel)
        .query({ ...march, stateCode: 'DE-BY' })
        .expect(200);
      expect(res.body.stages[0]).toEqual({ stage: 'erfasst', entered: 1, conversionToNext: 2 });
    });

    it('answers a period without moves with zeros and null conversions', async () => {
      const res = await t.http.get(funnel).query({ from: '2020-01-01', to: '2020-12-31' }).expect(200);
      expect(res.body).toEqual({
        stages: ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt'].map((stage) => ({
          stage,
          entered: 0,
          conversionToNext: null,
        })),
        abgebrochen: { count: 0, reasons: [] },
      });
    });
  });

  describe('who sees what', () => {
    it('limits a pilot to her regions', async () => {
      const pilot = await t.userAgent('lotse', [regionB]);
      const mine = await pilot
        .get(durations)
        .query({ ...march, groupBy: 'region' })
        .expect(200);
      expect(mine.body.groups.map((g: { key: string }) => g.key)).toEqual([regionB]);
      expect(mine.body.totals.completed).toEqual(mine.body.groups[0].completed);
      const stages = await pilot.get(funnel).expect(200);
      expect(stages.body).toEqual({
        stages: [
          { stage: 'erfasst', entered: 2, conversionToNext: 0.5 },
          { stage: 'recherchiert', entered: 1, conversionToNext: 0 },
          { stage: 'vermittelt', entered: 0, conversionToNext: null },
          { stage: 'umgesetzt', entered: 0, conversionToNext: null },
        ],
        abgebrochen: { count: 1, reasons: [{ reason: 'Kein Bedarf mehr', count: 1 }] },
      });
    });

    it('limits an API client to its territory and refuses one without reports:read', async () => {
      const bavaria = await t.clientAgent({ scopes: ['reports:read'], stateCodes: ['DE-BY'] });
      const theirs = await bavaria
        .get(durations)
        .query({ ...march, groupBy: 'state' })
        .expect(200);
      expect(theirs.body.groups.map((g: { key: string; label: string }) => [g.key, g.label])).toEqual([
        ['DE-BY', 'Bayern'],
      ]);
      const without = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-BY'] });
      for (const url of [durations, funnel]) {
        const refused = await without.get(url).expect(403);
        expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });
  });

  describe('as CSV', () => {
    const figure = (cell: string) => (cell === '' ? null : Number(cell));

    it('sends the stage durations as one row per group, stage and kind, the same figures as the JSON', async () => {
      const query = { ...march, groupBy: 'region' };
      const json = (await t.http.get(durations).query(query).expect(200)).body;
      const res = await t.http.get(durations).query(query).set('Accept', 'text/csv').expect(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe('attachment; filename="stage-durations.csv"');
      const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
      type Row = {
        key: string | null;
        label: string | null;
        completed: ReturnType<typeof completed>[];
        current: ReturnType<typeof current>[];
      };
      const expected = [...json.groups, { ...json.totals, label: 'total' }].flatMap((g: Row) =>
        g.completed.flatMap((c, i) => {
          const now = g.current[i];
          return [
            [
              g.key ?? '',
              g.label ?? '',
              c.stage,
              'completed',
              c.count,
              c.medianDays,
              c.p75Days,
              c.p90Days,
              null,
            ],
            [
              g.key ?? '',
              g.label ?? '',
              now.stage,
              'current',
              now.count,
              now.medianDays,
              null,
              now.p90Days,
              now.maxDays,
            ],
          ];
        }),
      );
      expect(
        rows.map((r) => [
          r.key,
          r.label,
          r.stage,
          r.kind,
          Number(r.count),
          figure(r.median_days),
          figure(r.p75_days),
          figure(r.p90_days),
          figure(r.max_days),
        ]),
      ).toEqual(expected);
      expect(rows).toHaveLength(4 * 3 * 2);
    });

    it('writes decimal commas for German spreadsheets', async () => {
      const res = await t.http
        .get(durations)
        .query({ ...march, groupBy: 'region', format: 'csv', locale: 'de' })
        .expect(200);
      const rows: string[][] = parse(res.text, { bom: true, delimiter: ';' });
      expect(rows[0]).toEqual([
        'key',
        'label',
        'stage',
        'kind',
        'count',
        'median_days',
        'p75_days',
        'p90_days',
        'max_days',
      ]);
      expect(rows[1]).toEqual([regionA, 'Region A', 'erfasst', 'completed', '2', '3', '3,5', '3,8', '']);
    });

    it('sends the funnel as stage rows, then abgebrochen, then a row per reason', async () => {
      const json = (await t.http.get(funnel).expect(200)).body;
      const res = await t.http.get(funnel).query({ format: 'csv' }).expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="funnel.csv"');
      const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
      expect(
        rows.map((r) => [r.row, r.stage, r.reason, Number(r.count), figure(r.conversion_to_next)]),
      ).toEqual([
        ...json.stages.map((s: { stage: string; entered: number; conversionToNext: number | null }) => [
          'stage',
          s.stage,
          '',
          s.entered,
          s.conversionToNext,
        ]),
        ['stage', 'abgebrochen', '', 4, null],
        ['reason', 'abgebrochen', 'Kein Bedarf mehr', 2, null],
        ['reason', 'abgebrochen', 'Zu teuer', 2, null],
      ]);
      const german = await t.http.get(funnel).query({ format: 'csv', locale: 'de' }).expect(200);
      const germanRows: string[][] = parse(german.text, { bom: true, delimiter: ';' });
      expect(germanRows[1]).toEqual(['stage', 'erfasst', '', '9', '0,667']);
    });
  });

  describe('refusals', () => {
    it('refuses a groupBy the report does not have with 400 naming the field', async () => {
      const res = await t.http.get(durations).query({ groupBy: 'municipality' }).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['groupBy']);
      const unknown = await t.http.get(funnel).query({ groupBy: 'state' }).expect(400);
      expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['groupBy']);
    });

    it('refuses a period that ends before it starts with 400 naming to', async () => {
      for (const url of [durations, funnel]) {
        const res = await t.http.get(url).query({ from: '2026-03-01', to: '2026-02-28' }).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(res.body).toMatchObject({ errors: [{ field: 'to', message: 'to must not be before from' }] });
      }
    });
  });
});

describe('reports: stage reports of an empty database', () => {
  let t: TestApp;
  let analyst: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.userAgent('analyst');
  });
  afterAll(() => t.close());

  it('answers with zeros and nulls, not errors', async () => {
    const res = await analyst.get('/api/v1/reports/stage-durations').query({ groupBy: 'state' }).expect(200);
    expect(res.body).toEqual({
      groupBy: 'state',
      groups: [],
      totals: { key: null, label: null, completed: noneCompleted, current: noneCurrent },
    });
    const stages = await analyst.get('/api/v1/reports/funnel').expect(200);
    expect(stages.body.abgebrochen).toEqual({ count: 0, reasons: [] });
    expect(stages.body.stages.map((s: { entered: number }) => s.entered)).toEqual([0, 0, 0, 0]);
  });
});
