// Valid request bodies with unique keys; a test overrides only what its rule is about.
let sequence = 0;
const next = () => ++sequence;

export function aRegion(overrides: Record<string, unknown> = {}) {
  const n = next();
  return { code: `test-region-${n}`, name: `Testregion ${n}`, stateCode: 'DE-SN', ...overrides };
}

/** A Gemeinde in Saxony (Landkreis Bautzen, 14625) with a fresh AGS. */
export function aMunicipality(overrides: Record<string, unknown> = {}) {
  const n = next();
  return {
    ags: `14625${String(n).padStart(3, '0')}`,
    name: `Testgemeinde ${n}`,
    kind: 'gemeinde',
    population: 1000 + n,
    ...overrides,
  };
}
