import { Municipality } from '../src/municipalities/municipality.entity.js';
import { readRows, readRowsWith } from '../src/common/pagination/page.js';
import { TransferCase } from '../src/transfer-cases/transfer-case.entity.js';
import { CaseCandidate } from '../src/transfer-cases/case-candidate.entity.js';
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

  it('reads a date column as TypeORM does: a YYYY-MM-DD string', async () => {
    const query = () =>
      t.db
        .getRepository(TransferCase)
        .createQueryBuilder('c')
        .where('c.implemented_on IS NOT NULL')
        .orderBy('c.id')
        .limit(5);
    const plain = await readRows(query());
    expect(plain.length).toBeGreaterThan(0);
    expect(plain[0].implementedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(plain).toEqual((await query().getMany()).map((row) => ({ ...row })));
  });

  it('reads extra columns beside the rows, in the same statement', async () => {
    const query = () => t.db.getRepository(Municipality).createQueryBuilder('m').orderBy('m.ags').limit(3);
    const rows = await readRowsWith<Municipality, { agsAgain: string; number: string }>(query(), {
      agsAgain: 'm.ags',
      number: '41 + 1',
    });
    const hydrated = (await query().getMany()).map((row) => ({ ...row }));
    expect(rows.map(({ row }) => row)).toEqual(hydrated);
    expect(rows[0].row).not.toBeInstanceOf(Municipality);
    expect(rows.map(({ extra }) => extra)).toEqual(hydrated.map((m) => ({ agsAgain: m.ags, number: 42 })));
  });

  it('reads extras beside hydrated entities when a relation is joined: one entry per entity', async () => {
    const [{ case_id: caseId }]: { case_id: string }[] = await t.db.query(
      'SELECT case_id FROM transfer_case_candidates GROUP BY case_id HAVING count(*) > 1 LIMIT 1',
    );
    const rows = await readRowsWith<TransferCase, { needId: string }>(
      t.db
        .getRepository(TransferCase)
        .createQueryBuilder('c')
        .leftJoinAndMapMany('c.candidates', CaseCandidate, 'cc', 'cc.case_id = c.id')
        .where('c.id = :caseId', { caseId }),
      { needId: 'c.need_id' },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].row).toBeInstanceOf(TransferCase);
    expect(rows[0].row.candidates!.length).toBeGreaterThan(1);
    expect(rows[0].extra).toEqual({ needId: rows[0].row.needId });
  });

  it('refuses an extra column that would hide one of the entity', async () => {
    await expect(
      readRowsWith(t.db.getRepository(Municipality).createQueryBuilder('m').limit(1), { ags: "'x'" }),
    ).rejects.toThrow(/ags/);
  });
});
