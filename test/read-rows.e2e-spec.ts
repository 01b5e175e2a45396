import { Municipality } from '../src/municipalities/municipality.entity.js';
import { readRows } from '../src/common/pagination/page.js';
import { ENTITIES } from '../src/database/data-source-options.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Lists read their rows without TypeORM's hydration where the entity allows it
 * (`readRows`): the rows must be what hydration would have made, for every entity, on the demo
 * data (which fills every table a list reads).
 */
describe('readRows: list rows straight from pg', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: true });
  });
  afterAll(() => t.close());

  it.each(ENTITIES.map((entity) => [entity.name, entity] as const))(
    '%s: the same values and types as hydrated entities',
    async (_name, entity) => {
      const repository = t.db.getRepository(entity);
      const order = repository.metadata.primaryColumns.map((column) => `x.${column.propertyName}`);
      const query = () => {
        const qb = repository.createQueryBuilder('x').limit(30);
        order.forEach((column, i) => (i === 0 ? qb.orderBy(column) : qb.addOrderBy(column)));
        return qb;
      };
      const hydrated = (await query().getMany()).map((row) => ({ ...row }));
      const plain = await readRows(query());
      expect(plain).toEqual(hydrated);
      // toEqual passes a key missing on one side when the other's is undefined (a column not
      // selected, as a class field of the entity); every value that is there must be on both.
      const defined = (row: object) =>
        Object.entries(row)
          .filter(([, value]) => value !== undefined)
          .map(([key]) => key)
          .sort();
      for (const [i, row] of plain.entries()) expect(defined(row)).toEqual(defined(hydrated[i]));
    },
  );

  it('reads the hot lists without hydration, and there is data to compare', async () => {
    const rows = await readRows(t.db.getRepository(Municipality).createQueryBuilder('m').limit(5));
    expect(rows).toHaveLength(5);
    expect(rows[0]).not.toBeInstanceOf(Municipality);
    const [counts] = await t.db.query(
      `SELECT (SELECT count(*) FROM needs)::int AS needs, (SELECT count(*) FROM transfer_cases)::int AS cases,
              (SELECT count(*) FROM transfer_case_events)::int AS events, (SELECT count(*) FROM solutions)::int AS solutions`,
    );
    expect(Object.values(counts).every((n) => (n as number) > 0)).toBe(true);
  });

  it('leaves a query with added selections to hydration', async () => {
    const rows = await readRows(
      t.db.getRepository(Municipality).createQueryBuilder('m').addSelect('m.ags', 'extra').limit(2),
    );
    expect(rows[0]).toBeInstanceOf(Municipality);
  });
});
