import { PROBLEM_JSON, startTestApp, type TestApp } from './support/test-app.js';

describe('states', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the 16 Bundesländer in AGS order, seeded by the migration', async () => {
    const res = await t.http.get('/api/v1/states').expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items).toHaveLength(16);
    expect(res.body.items[0]).toEqual({ code: 'DE-SH', agsPrefix: '01', name: 'Schleswig-Holstein' });
    expect(res.body.items).toContainEqual({ code: 'DE-SN', agsPrefix: '14', name: 'Sachsen' });
    expect(res.body.items.map((s: { agsPrefix: string }) => s.agsPrefix)).toEqual(
      Array.from({ length: 16 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
  });

  it('returns one state by code, case-insensitively', async () => {
    expect((await t.http.get('/api/v1/states/DE-BW').expect(200)).body).toEqual({
      code: 'DE-BW',
      agsPrefix: '08',
      name: 'Baden-Württemberg',
    });
    await t.http.get('/api/v1/states/de-bw').expect(200);
  });

  it('answers 404 problem+json for an unknown state', async () => {
    const res = await t.http.get('/api/v1/states/DE-XX').expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status: 404, detail: 'state DE-XX does not exist' });
  });
});
