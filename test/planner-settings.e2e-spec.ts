import { RANDOM_PAGE_COST } from '../src/database/data-source-options.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * Every pooled session of the app plans with the page cost of a database served from memory or
 * SSD (`RANDOM_PAGE_COST`); with PostgreSQL's default the stateCode page of municipalities read
 * the AGS index past every other state's rows (docs/performance.md).
 */
describe('planner settings of the serving pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('sets random_page_cost on every connection, also on ones opened under concurrent load', async () => {
    const runners = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const runner = t.db.createQueryRunner();
        await runner.connect();
        return runner;
      }),
    );
    try {
      const settings = await Promise.all(
        runners.map(async (runner) => {
          const [row]: { random_page_cost: string }[] = await runner.query('SHOW random_page_cost');
          return Number(row.random_page_cost);
        }),
      );
      expect(RANDOM_PAGE_COST).toBeLessThan(4);
      expect(settings).toEqual(runners.map(() => RANDOM_PAGE_COST));
    } finally {
      await Promise.all(runners.map((runner) => runner.release()));
    }
  });
});
