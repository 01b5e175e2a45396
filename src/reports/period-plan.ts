/**
 * Which rollup slices and which raw days answer a period. The rollups hold one slice for all
 * time, one per Berlin year, quarter and month; a period of whole days is covered by the largest
 * slices that lie wholly inside it, and the days left over at its edges (less than a month on
 * each side) are read from the per-entity rows. Pure: dates are calendar days (`YYYY-MM-DD`,
 * Europe/Berlin), ranges are half-open `[from, to)` and null means unbounded.
 */

export interface DayRange {
  /** First day in the range, or null: since the beginning. */
  from: string | null;
  /** First day after the range, or null: without end. */
  to: string | null;
}

/** The slices of the rollups below all time, largest first. */
export const SPANS = ['year', 'quarter', 'month'] as const;
export type Span = (typeof SPANS)[number];

/** Slices of one span whose first day lies in the range. */
export interface SliceRange extends DayRange {
  span: Span;
}

export interface PeriodPlan {
  /** The all-time slice answers alone (no period given). */
  allTime: boolean;
  slices: SliceRange[];
  /** Days read from the per-entity rows. */
  days: DayRange[];
}

/** The plan for the period `[from, to]`, both days included, either open. */
export function planPeriod(from?: string, to?: string): PeriodPlan {
  if (from === undefined && to === undefined) return { allTime: true, slices: [], days: [] };
  const plan: PeriodPlan = { allTime: false, slices: [], days: [] };
  cover(from ?? null, to === undefined ? null : addDays(to, 1), SPANS, plan);
  return plan;
}

/** Covers `[start, end)` with whole slices of the largest span that fits, the rest with smaller ones. */
function cover(start: string | null, end: string | null, spans: readonly Span[], plan: PeriodPlan): void {
  if (start !== null && end !== null && start >= end) return;
  const [span, ...smaller] = spans;
  if (span === undefined) {
    plan.days.push({ from: start, to: end });
    return;
  }
  const first = start === null ? null : ceilTo(start, span);
  const last = end === null ? null : floorTo(end, span);
  if (first !== null && last !== null && first >= last) {
    cover(start, end, smaller, plan);
    return;
  }
  if (start !== null && first !== null) cover(start, first, smaller, plan);
  plan.slices.push({ span, from: first, to: last });
  if (end !== null && last !== null) cover(last, end, smaller, plan);
}

/** The first day of the year, quarter or month a day falls in. */
export function floorTo(day: string, span: Span): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const month = span === 'year' ? 1 : span === 'quarter' ? m - ((m - 1) % 3) : m;
  return `${y}-${pad(month)}-01`;
}

/** The first day of the one slice the range holds (a calendar year, quarter or month), or null. */
export function singleSlice(range: SliceRange): string | null {
  if (range.from === null || range.to === null) return null;
  return ceilTo(addDays(range.from, 1), range.span) === range.to ? range.from : null;
}

/** The first day of the year, quarter or month: this one if it is one, else the next. */
function ceilTo(day: string, span: Span): string {
  const floor = floorTo(day, span);
  if (floor === day) return day;
  const [y, m] = [Number(floor.slice(0, 4)), Number(floor.slice(5, 7))];
  const month = m + (span === 'year' ? 12 : span === 'quarter' ? 3 : 1);
  return month > 12 ? `${y + 1}-${pad(month - 12)}-01` : `${y}-${pad(month)}-01`;
}

export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
