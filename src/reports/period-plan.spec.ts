import fc from 'fast-check';
import { addDays, floorTo, planPeriod, type DayRange, type PeriodPlan } from './period-plan.js';

const inRange = (day: string, range: DayRange) =>
  (range.from === null || day >= range.from) && (range.to === null || day < range.to);

/** How many parts of the plan hold a day: its year slice, its month slice, or the day itself. */
function coverage(plan: PeriodPlan, day: string): number {
  if (plan.allTime) return 1;
  return (
    (plan.years && inRange(floorTo(day, 'year'), plan.years) ? 1 : 0) +
    plan.months.filter((range) => inRange(floorTo(day, 'month'), range)).length +
    plan.days.filter((range) => inRange(day, range)).length
  );
}

const days = (from: string, to: string) => {
  const all: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) all.push(day);
  return all;
};

describe('planPeriod', () => {
  it('answers no period with the all-time slice alone', () => {
    expect(planPeriod()).toEqual({ allTime: true, years: null, months: [], days: [] });
  });

  it('answers a calendar year with its year slice', () => {
    expect(planPeriod('2025-01-01', '2025-12-31')).toEqual({
      allTime: false,
      years: { from: '2025-01-01', to: '2026-01-01' },
      months: [],
      days: [],
    });
  });

  it('answers a quarter with its months, and the edges of a month with raw days', () => {
    expect(planPeriod('2026-01-01', '2026-03-31')).toEqual({
      allTime: false,
      years: null,
      months: [{ from: '2026-01-01', to: '2026-04-01' }],
      days: [],
    });
    expect(planPeriod('2026-03-02', '2026-05-30')).toEqual({
      allTime: false,
      years: null,
      months: [{ from: '2026-04-01', to: '2026-05-01' }],
      days: [
        { from: '2026-03-02', to: '2026-04-01' },
        { from: '2026-05-01', to: '2026-05-31' },
      ],
    });
  });

  it('answers days within one month with those days', () => {
    expect(planPeriod('2026-03-05', '2026-03-09')).toEqual({
      allTime: false,
      years: null,
      months: [],
      days: [{ from: '2026-03-05', to: '2026-03-10' }],
    });
  });

  it('answers an open end with every year slice from the first whole year on', () => {
    expect(planPeriod('2024-11-15')).toEqual({
      allTime: false,
      years: { from: '2025-01-01', to: null },
      months: [{ from: '2024-12-01', to: '2025-01-01' }],
      days: [{ from: '2024-11-15', to: '2024-12-01' }],
    });
    expect(planPeriod(undefined, '2025-02-03')).toEqual({
      allTime: false,
      years: { from: null, to: '2025-01-01' },
      months: [{ from: '2025-01-01', to: '2025-02-01' }],
      days: [{ from: '2025-02-01', to: '2025-02-04' }],
    });
  });

  it('covers every day of any period exactly once, no day outside it, and reads under 62 raw days', () => {
    const day = fc
      .date({
        min: new Date('2022-01-01T00:00:00Z'),
        max: new Date('2027-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.option(day, { nil: undefined }), fc.option(day, { nil: undefined }), (a, b) => {
        const [from, to] = a !== undefined && b !== undefined && b < a ? [b, a] : [a, b];
        const plan = planPeriod(from, to);
        for (const d of days(addDays(from ?? '2021-11-01', -40), addDays(to ?? '2028-02-01', 40))) {
          const inside = (from === undefined || d >= from) && (to === undefined || d <= to);
          if (coverage(plan, d) !== (inside ? 1 : 0)) return false;
        }
        const raw = plan.days.reduce(
          (sum, range) => sum + days(range.from as string, addDays(range.to as string, -1)).length,
          0,
        );
        return raw < 62;
      }),
      { numRuns: 300 },
    );
  });
});
