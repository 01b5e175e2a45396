import { parse } from 'csv-parse/sync';
import { get, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { aMunicipality, aRegion } from './support/builders.js';
import { PROBLEM_JSON, startTestApp, TEST_ADMIN, type TestApp } from './support/test-app.js';

const VOLUME = 200_000;

describe('exports: every transfer case, streamed', () => {
  let t: TestApp;
  let base: string;
  let adminToken: string;
  let region: string;
  let tricky: { id: string; title: string };

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    adminToken = (await t.anon.post('/api/v1/auth/login').send(TEST_ADMIN).expect(200)).body.accessToken;
    region = (
      await t.http
        .post('/api/v1/regions')
        .send(aRegion({ name: 'Region Nord' }))
        .expect(201)
    ).body.id;
    const saxon = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ name: 'Görlitz', regionId: region }))
        .expect(201)
    ).body;
    const bavarian = (
      await t.http
        .post('/api/v1/municipalities')
        .send(aMunicipality({ ags: '09162000', kind: 'kreisfreie_stadt', name: 'München' }))
        .expect(201)
    ).body;
    const title = '=HYPERLINK("x"); Straße "Süd"\nzweite Zeile';
    const need = await t.http.post('/api/v1/needs').send({ municipalityId: saxon.id, title }).expect(201);
    tricky = {
      id: (await t.http.post('/api/v1/transfer-cases').send({ needId: need.body.id }).expect(201)).body.id,
      title,
    };
    const other = await t.http
      .post('/api/v1/needs')
      .send({ municipalityId: bavarian.id, title: 'In Bayern' })
      .expect(201);
    await t.http.post('/api/v1/transfer-cases').send({ needId: other.body.id }).expect(201);
    await t.db.query(`UPDATE transfer_cases SET origin_contact = 'Frau Beispiel, 0351 123456'`);
  });
  afterAll(() => t.close());

  it('sends CSV that parses back to the same cases as the JSON lines, with hostile text kept safe', async () => {
    const csv = await t.http.get('/api/v1/exports/transfer-cases.csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="transfer-cases.csv"');
    const rows: Record<string, string>[] = parse(csv.text, { bom: true, columns: true });
    const jsonl = await t.http.get('/api/v1/exports/transfer-cases.jsonl').expect(200);
    expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string | null>);
    expect(rows).toHaveLength(2);
    expect(lines).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(Object.keys(lines[0]));
    expect(Object.keys(rows[0])).not.toContain('origin_contact');
    expect(csv.text).not.toContain('Frau Beispiel');
    const row = rows.find((r) => r.id === tricky.id);
    const line = lines.find((l) => l.id === tricky.id);
    expect(line).toMatchObject({
      need_title: tricky.title,
      municipality: 'Görlitz',
      state_code: 'DE-SN',
      status: 'erfasst',
    });
    // The spreadsheet gets the title as text, never as a formula.
    expect(row?.need_title).toBe(`'${tricky.title}`);
    expect({ ...row, need_title: line?.need_title }).toEqual(
      Object.fromEntries(Object.entries(line ?? {}).map(([k, v]) => [k, v ?? ''])),
    );
    const german = await t.http.get('/api/v1/exports/transfer-cases.csv').query({ locale: 'de' }).expect(200);
    expect(german.text.split('\r\n')[0]).toBe(`\uFEFF${Object.keys(lines[0]).join(';')}`);
  });

  it('filters, and keeps a pilot to her regions and a client to its territory', async () => {
    const bavarian = await t.http
      .get('/api/v1/exports/transfer-cases.jsonl')
      .query({ stateCode: 'DE-BY' })
      .expect(200);
    expect(
      bavarian.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).municipality),
    ).toEqual(['München']);
    const none = await t.http
      .get('/api/v1/exports/transfer-cases.jsonl')
      .query({ status: 'umgesetzt' })
      .expect(200);
    expect(none.text).toBe('');
    const pilot = await t.userAgent('lotse', [region]);
    const hers = await pilot.get('/api/v1/exports/transfer-cases.jsonl').expect(200);
    expect(
      hers.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([tricky.id]);
    const client = await t.clientAgent({ scopes: ['reports:read'], stateCodes: ['DE-BY'] });
    const theirs = await client.get('/api/v1/exports/transfer-cases.csv').expect(200);
    const theirRows: { municipality: string }[] = parse(theirs.text, { bom: true, columns: true });
    expect(theirRows.map((r) => r.municipality)).toEqual(['München']);
    const refused = await (
      await t.clientAgent({ scopes: ['cases:read'] })
    )
      .get('/api/v1/exports/transfer-cases.csv')
      .expect(403);
    expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('refuses bad filters before it starts: 400 naming the field, an inverted period too', async () => {
    const bad = await t.http.get('/api/v1/exports/transfer-cases.csv').query({ status: 'offen' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['status']);
    const format = await t.http
      .get('/api/v1/exports/transfer-cases.csv')
      .query({ format: 'json' })
      .expect(400);
    expect(format.body.errors.map((e: { field: string }) => e.field)).toEqual(['format']);
    const inverted = await t.http
      .get('/api/v1/exports/transfer-cases.jsonl')
      .query({ from: '2026-02-01', to: '2026-01-31' })
      .expect(400);
    expect(inverted.body.errors).toEqual([{ field: 'to', message: 'to must not be before from' }]);
  });

  describe(`with ${VOLUME.toLocaleString('en')} cases`, () => {
    beforeAll(async () => {
      const [{ id: municipality }] = await t.db.query(`SELECT id FROM municipalities WHERE name = 'Görlitz'`);
      // Set-based, below the API: the volume is the point here, not how each case came to be.
      // Set-based, below the API: the volume is the point here, not how each case came to be. Closed
      // cases may share a need (only open ones are one per need), so one need serves them all.
      const [{ id: need }] = await t.db.query(
        `INSERT INTO needs (municipality_id, title, source, status) VALUES ($1, 'Massenbedarf', 'desk', 'closed') RETURNING id`,
        [municipality],
      );
      await t.db.query(
        `INSERT INTO transfer_cases (need_id, municipality_id, region_id, state_code, status)
         SELECT $1, $2, $3, 'DE-SN', 'abgebrochen' FROM generate_series(1, $4::int)`,
        [need, municipality, region, VOLUME],
      );
    });

    /** Reads the export as a client would, counting lines and never holding the body. */
    function download(
      path: string,
      onData: () => void = () => undefined,
    ): Promise<{ lines: number; res: IncomingMessage; aborted: boolean }> {
      return new Promise((resolve, reject) => {
        get(`${base}${path}`, { headers: { authorization: `Bearer ${adminToken}` } }, (res) => {
          let lines = 0;
          let aborted = false;
          res.on('data', (chunk: Buffer) => {
            for (const byte of chunk) if (byte === 0x0a) lines++;
            onData();
          });
          res.on('aborted', () => (aborted = true));
          res.on('error', () => (aborted = true));
          res.on('close', () => resolve({ lines, res, aborted: aborted || !res.complete }));
        }).on('error', reject);
      });
    }

    it('streams every case with memory staying flat', async () => {
      const before = process.memoryUsage().rss;
      let peak = before;
      const { lines, res, aborted } = await download('/api/v1/exports/transfer-cases.csv', () => {
        peak = Math.max(peak, process.memoryUsage().rss);
      });
      expect(res.statusCode).toBe(200);
      expect(aborted).toBe(false);
      // The header, every case, and one more line break inside the quoted title of the tricky case.
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM transfer_cases');
      expect(n).toBe(VOLUME + 2);
      expect(lines).toBe(1 + n + 1);
      const grewMb = (peak - before) / 2 ** 20;
      expect(grewMb).toBeLessThan(50);
    });

    it('cuts the connection when the database breaks off mid-stream, instead of ending it as if complete', async () => {
      let killed = false;
      const { res, aborted, lines } = await download('/api/v1/exports/transfer-cases.jsonl', () => {
        if (killed) return;
        killed = true;
        void t.db.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE query LIKE '%FROM transfer_cases c%' AND pid <> pg_backend_pid() AND datname = current_database()`,
        );
      });
      expect(res.statusCode).toBe(200);
      expect(aborted).toBe(true);
      expect(lines).toBeLessThan(VOLUME);
      // The pool recovered: the next export is whole.
      const again = await download('/api/v1/exports/transfer-cases.jsonl?status=erfasst');
      expect(again).toMatchObject({ aborted: false, lines: 2 });
    });
  });
});
