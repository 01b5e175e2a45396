import fc from 'fast-check';
import { addDays, floorTo, planPeriod, singleSlice, type DayRange, type PeriodPlan } from './period-plan.js';

const inRange = (day: string, range: DayRange) =>
  (range.from === null || day >= range.from) && (range.to === null || day < range.to);

/** How many parts of the plan hold a day: the slice of its year, quarter or month, or the day itself. */
function coverage(plan: PeriodPlan, day: string): number {
  if (plan.allTime) return 1;
  return (
    plan.slices.filter((range) => inRange(floorTo(day, range.span), range)).length +
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
    expect(planPeriod()).toEqual({ allTime: true, slices: [], days: [] });
  });

  it('answers a calendar year with its year slice, a quarter with its quarter slice', () => {
    expect(planPeriod('2025-01-01', '2025-12-31')).toEqual({
      allTime: false,
      slices: [{ span: 'year', from: '2025-01-01', to: '2026-01-01' }],
      days: [],
    });
    expect(planPeriod('2026-07-01', '2026-09-30')).toEqual({
      allTime: false,
      slices: [{ span: 'quarter', from: '2026-07-01', to: '2026-10-01' }],
      days: [],
    });
  });

  it('answers months around quarters and years with month slices, and the edges of a month with raw days', () => {
    expect(planPeriod('2026-03-02', '2026-05-30')).toEqual({
      allTime: false,
      slices: [{ span: 'month', from: '2026-04-01', to: '2026-05-01' }],
      days: [
        { from: '2026-03-02', to: '2026-04-01' },
        { from: '2026-05-01', to: '2026-05-31' },
      ],
    });
    expect(planPeriod('2025-11-01', '2027-02-28')).toEqual({
      allTime: false,
      slices: [
        { span: 'month', from: '2025-11-01', to: '2026-01-01' },
        { span: 'year', from: '2026-01-01', to: '2027-01-01' },
        { span: 'month', from: '2027-01-01', to: '2027-03-01' },
      ],
      days: [],
    });
  });

  it('answers days within one month with those days', () => {
    expect(planPeriod('2026-03-05', '2026-03-09')).toEqual({
      allTime: false,
      slices: [],
      days: [{ from: '2026-03-05', to: '2026-03-10' }],
    });
  });

  it('answers an open end with every year slice from the first whole year on', () => {
    expect(planPeriod('2024-08-15')).toEqual({
      allTime: false,
      slices: [
        { span: 'month', from: '2024-09-01', to: '2024-10-01' },
        { span: 'quarter', from: '2024-10-01', to: '2025-01-01' },
        { span: 'year', from: '2025-01-01', to: null },
      ],
      days: [{ from: '2024-08-15', to: '2024-09-01' }],
    });
    expect(planPeriod(undefined, '2025-05-03')).toEqual({
      allTime: false,
      slices: [
        { span: 'year', from: null, to: '2025-01-01' },
        { span: 'quarter', from: '2025-01-01', to: '2025-04-01' },
        { span: 'month', from: '2025-04-01', to: '2025-05-01' },
      ],
      days: [{ from: '2025-05-01', to: '2025-05-04' }],
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

describe('singleSlice', () => {
  it('names the one year, quarter or month a range holds, and nothing for more or an open end', () => {
    expect(singleSlice({ span: 'year', from: '2025-01-01', to: '2026-01-01' })).toBe('2025-01-01');
    expect(singleSlice({ span: 'quarter', from: '2026-10-01', to: '2027-01-01' })).toBe('2026-10-01');
    expect(singleSlice({ span: 'month', from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-01');
    expect(singleSlice({ span: 'month', from: '2025-11-01', to: '2026-01-01' })).toBeNull();
    expect(singleSlice({ span: 'quarter', from: '2026-07-01', to: '2026-09-01' })).toBeNull();
    expect(singleSlice({ span: 'year', from: '2025-01-01', to: null })).toBeNull();
    expect(singleSlice({ span: 'year', from: null, to: '2025-01-01' })).toBeNull();
  });
});
