import { parse } from 'csv-parse/sync';
import { reportPlaces, type ReportPlaces } from './support/report-places.js';
import { PROBLEM_JSON, startTestApp, type Agent, type TestApp } from './support/test-app.js';

/**
 * The reports against a small hand-built fixture whose figures are known. Cases and needs are
 * made through the API; their status and times are then set in SQL, because the figures, not the
 * state machine, are under test here.
 */
describe('reports: case status', () => {
  let t: TestApp;
  let regionA: string;
  let regionB: string;
  let municipality: ReportPlaces['municipality'];
  let klimaSolution: string;

  const url = '/api/v1/reports/case-status';

  /** A case of a new need in `where`, opened at `openedAt` (Europe/Berlin local time), in `status`. */
  async function aCase(
    where: keyof ReportPlaces['municipality'],
    status: string,
    openedAt: string,
    chosenSolutionId: string | null = null,
  ) {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality[where], title: `Bedarf ${where} ${status}` })
      .expect(201);
    const created = await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201);
    await t.db.query(
      `UPDATE transfer_cases SET status = $2, chosen_solution_id = $3,
         opened_at = ($4::timestamp AT TIME ZONE 'Europe/Berlin') WHERE id = $1`,
      [created.body.id, status, chosenSolutionId, openedAt],
    );
  }

  /** An open need without a case, captured `days` days (and a bit) ago. */
  async function aWaitingNeed(where: keyof ReportPlaces['municipality'], days: number, status = 'open') {
    const need = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: municipality[where], title: `Wartet seit ${days} Tagen` })
      .expect(201);
    await t.db.query(
      `UPDATE needs SET captured_at = now() - make_interval(days => $2) - interval '1 hour', status = $3 WHERE id = $1`,
      [need.body.id, days, status],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    ({ regionA, regionB, municipality, klimaSolution } = await reportPlaces(t, 'waermeplanung-report'));

    await aCase('a1', 'erfasst', '2026-01-10 09:00');
    await aCase('a1', 'vermittelt', '2026-02-15 12:00');
    // The last minutes of the period's last day (Berlin), and the last minutes before its first.
    await aCase('a1', 'umgesetzt', '2026-03-31 23:30', klimaSolution);
    await aCase('a2', 'abgebrochen', '2025-12-31 23:30');
    await aCase('b1', 'recherchiert', '2026-02-01 08:00', klimaSolution);
    await aCase('b1', 'recherchiert', '2026-04-01 00:30');
    await aCase('by', 'erfasst', '2026-03-01 10:00');

    await aWaitingNeed('a1', 3);
    await aWaitingNeed('a1', 10);
    await aWaitingNeed('b1', 100);
    await aWaitingNeed('by', 40);
    await aWaitingNeed('a2', 5, 'closed');
  });
  afterAll(() => t.close());

  const counts = (
    erfasst: number,
    recherchiert: number,
    vermittelt: number,
    umgesetzt: number,
    abgebrochen: number,
  ) => ({
    erfasst,
    recherchiert,
    vermittelt,
    umgesetzt,
    abgebrochen,
  });
  const ages = (days0to7: number, days8to30: number, days31to90: number, daysOver90: number) => ({
    total: days0to7 + days8to30 + days31to90 + daysOver90,
    days0to7,
    days8to30,
    days31to90,
    daysOver90,
  });

  it('counts every case by status and the open needs without a case by age', async () => {
    const res = await t.http.get(url).expect(200);
    expect(res.body).toEqual({
      groupBy: 'none',
      groups: [],
      totals: {
        key: null,
        label: null,
        cases: counts(2, 2, 1, 1, 1),
        casesTotal: 7,
        openNeedsWithoutCase: ages(1, 1, 1, 1),
      },
    });
  });

  it('groups by region, with a group for cases outside every region, and sums the groups in the totals', async () => {
    const res = await t.http.get(url).query({ groupBy: 'region' }).expect(200);
    expect(res.body.groups).toEqual([
      {
        key: regionA,
        label: 'Region A',
        cases: counts(1, 0, 1, 1, 1),
        casesTotal: 4,
        openNeedsWithoutCase: ages(1, 1, 0, 0),
      },
      {
        key: regionB,
        label: 'Region B',
        cases: counts(0, 2, 0, 0, 0),
        casesTotal: 2,
        openNeedsWithoutCase: ages(0, 0, 0, 1),
      },
      {
        key: null,
        label: null,
        cases: counts(1, 0, 0, 0, 0),
        casesTotal: 1,
        openNeedsWithoutCase: ages(0, 0, 1, 0),
      },
    ]);
    expect(res.body.totals.casesTotal).toBe(7);
  });

  it('takes the period in whole Berlin days, both ends included, and the solution and theme filters', async () => {
    const period = await t.http
      .get(url)
      .query({ groupBy: 'state', from: '2026-01-01', to: '2026-03-31' })
      .expect(200);
    expect(period.body.groups.map((g: { key: string; cases: unknown }) => [g.key, g.cases])).toEqual([
      ['DE-BY', counts(1, 0, 0, 0, 0)],
      ['DE-SN', counts(1, 1, 1, 1, 0)],
    ]);
    expect(period.body.groups.map((g: { label: string }) => g.label)).toEqual(['Bayern', 'Sachsen']);
    const theme = await t.http.get(url).query({ theme: 'klima-ressourcen' }).expect(200);
    expect(theme.body.totals.cases).toEqual(counts(0, 1, 0, 1, 0));
    const solution = await t.http.get(url).query({ solutionId: klimaSolution, to: '2026-03-30' }).expect(200);
    expect(solution.body.totals.cases).toEqual(counts(0, 1, 0, 0, 0));
    const place = await t.http.get(url).query({ municipalityId: municipality.a1 }).expect(200);
    expect(place.body.totals).toMatchObject({ casesTotal: 3, openNeedsWithoutCase: ages(1, 1, 0, 0) });
  });

  it('limits a pilot to her regions and an API client to its territory', async () => {
    const pilot = await t.userAgent('lotse', [regionB]);
    const mine = await pilot.get(url).query({ groupBy: 'region' }).expect(200);
    expect(mine.body.groups.map((g: { key: string }) => g.key)).toEqual([regionB]);
    expect(mine.body.totals).toMatchObject({ casesTotal: 2, openNeedsWithoutCase: ages(0, 0, 0, 1) });

    const bavaria = await t.clientAgent({ scopes: ['reports:read'], stateCodes: ['DE-BY'] });
    const theirs = await bavaria.get(url).query({ groupBy: 'municipality' }).expect(200);
    expect(theirs.body.groups).toEqual([
      expect.objectContaining({ key: municipality.by, label: 'München (09162000)', casesTotal: 1 }),
    ]);
    const without = await t.clientAgent({ scopes: ['cases:read'], stateCodes: ['DE-BY'] });
    const refused = await without.get(url).expect(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('sends the same figures as CSV, for German spreadsheets with `;`', async () => {
    const json = (await t.http.get(url).query({ groupBy: 'region' }).expect(200)).body;
    const res = await t.http.get(url).query({ groupBy: 'region' }).set('Accept', 'text/csv').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="case-status.csv"');
    expect(res.text.startsWith('\uFEFFkey,label,erfasst,')).toBe(true);
    const rows: Record<string, string>[] = parse(res.text, { bom: true, columns: true });
    expect(
      rows.map((r) => [r.key, r.label, Number(r.cases_total), Number(r.open_needs_without_case)]),
    ).toEqual([
      ...json.groups.map(
        (g: {
          key: string | null;
          label: string | null;
          casesTotal: number;
          openNeedsWithoutCase: { total: number };
        }) => [g.key ?? '', g.label ?? '', g.casesTotal, g.openNeedsWithoutCase.total],
      ),
      ['', 'total', 7, 4],
    ]);
    const german = await t.http.get(url).query({ groupBy: 'state', format: 'csv', locale: 'de' }).expect(200);
    const germanRows: string[][] = parse(german.text, { bom: true, delimiter: ';' });
    expect(germanRows[0].slice(0, 3)).toEqual(['key', 'label', 'erfasst']);
    expect(germanRows.slice(1).map((r) => r.slice(0, 2))).toEqual([
      ['DE-BY', 'Bayern'],
      ['DE-SN', 'Sachsen'],
      ['', 'total'],
    ]);
  });

  it('refuses bad filters: 400 naming the field, 422 for a period that ends before it starts', async () => {
    for (const [query, field] of [
      [{ groupBy: 'county' }, 'groupBy'],
      [{ regionId: 'not-a-uuid' }, 'regionId'],
      [{ from: '2026-02-30' }, 'from'],
      [{ to: '31.03.2026' }, 'to'],
      [{ format: 'xlsx' }, 'format'],
      [{ stateCode: 'DE-XX' }, 'stateCode'],
      [{ colour: 'red' }, 'colour'],
    ] as const) {
      const res = await t.http.get(url).query(query).expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const inverted = await t.http.get(url).query({ from: '2026-03-01', to: '2026-02-28' }).expect(400);
    expect(inverted.body).toMatchObject({ errors: [{ field: 'to', message: 'to must not be before from' }] });
  });
});

describe('reports: who may read them', () => {
  let t: TestApp;
  let analyst: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    analyst = await t.userAgent('analyst');
  });
  afterAll(() => t.close());

  it('lets an analyst read a report of an empty database: zeros, not errors', async () => {
    const res = await analyst.get('/api/v1/reports/case-status').query({ groupBy: 'state' }).expect(200);
    expect(res.body).toMatchObject({
      groups: [],
      totals: { casesTotal: 0, openNeedsWithoutCase: { total: 0 } },
    });
  });
});
