import { aMunicipality, aRegion } from './builders.js';
import type { TestApp } from './test-app.js';

/** The places the report tests count in: two Saxon regions, three municipalities in them, Munich outside any. */
export interface ReportPlaces {
  regionA: string;
  regionB: string;
  /** `a1`, `a2` (Region A), `b1` (Region B), `by` (Munich, no region): ids. */
  municipality: Record<'a1' | 'a2' | 'b1' | 'by', string>;
  /** A solution of the theme `klima-ressourcen`. */
  klimaSolution: string;
}

export async function reportPlaces(t: TestApp, solutionSlug: string): Promise<ReportPlaces> {
  const region = async (name: string) =>
    (await t.http.post('/api/v1/regions').send(aRegion({ name })).expect(201)).body.id as string;
  const regionA = await region('Region A');
  const regionB = await region('Region B');
  const create = async (body: object) =>
    (await t.http.post('/api/v1/municipalities').send(body).expect(201)).body.id as string;
  const municipality = {
    a1: await create(aMunicipality({ name: 'Aue', regionId: regionA })),
    a2: await create(aMunicipality({ name: 'Adorf', regionId: regionA })),
    b1: await create(aMunicipality({ name: 'Bautzen', regionId: regionB })),
    by: await create(aMunicipality({ ags: '09162000', kind: 'kreisfreie_stadt', name: 'München' })),
  };
  const klimaSolution = (
    await t.http
      .post('/api/v1/solutions')
      .send({ slug: solutionSlug, title: 'Wärmeplanung', theme: 'klima-ressourcen' })
      .expect(201)
  ).body.id as string;
  return { regionA, regionB, municipality, klimaSolution };
}
