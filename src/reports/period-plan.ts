/**
 * Which rollup slices and which raw days answer a period. The rollups hold one slice for all
 * time, one per Berlin year and one per Berlin month; a period of whole days is covered by the
 * largest slices that lie wholly inside it, and the days left over at its edges (less than a
 * month on each side) are read from the per-entity rows. Pure: dates are calendar days
 * (`YYYY-MM-DD`, Europe/Berlin), ranges are half-open `[from, to)` and null means unbounded.
 */

export interface DayRange {
  /** First day in the range, or null: since the beginning. */
  from: string | null;
  /** First day after the range, or null: without end. */
  to: string | null;
}

export interface PeriodPlan {
  /** The all-time slice answers alone (no period given). */
  allTime: boolean;
  /** Year slices whose first day lies in this range, or null for none. */
  years: DayRange | null;
  /** Month slices whose first day lies in one of these ranges. */
  months: DayRange[];
  /** Days read from the per-entity rows. */
  days: DayRange[];
}

/** The plan for the period `[from, to]`, both days included, either open. */
export function planPeriod(from?: string, to?: string): PeriodPlan {
  if (from === undefined && to === undefined) return { allTime: true, years: null, months: [], days: [] };
  const start = from ?? null;
  const end = to === undefined ? null : addDays(to, 1);
  if (start !== null && end !== null && start >= end)
    return { allTime: false, years: null, months: [], days: [] };

  // Whole years inside [start, end); the months and days around them.
  const yearsFrom = start === null ? null : ceilTo(start, 'year');
  const yearsTo = end === null ? null : floorTo(end, 'year');
  if (yearsFrom === null || yearsTo === null || yearsFrom < yearsTo) {
    return {
      allTime: false,
      years: { from: yearsFrom, to: yearsTo },
      months: [
        ...(start !== null && yearsFrom !== null ? monthsWithin(start, yearsFrom) : []),
        ...(end !== null && yearsTo !== null ? monthsWithin(yearsTo, end) : []),
      ],
      days: [
        ...(start !== null && yearsFrom !== null
          ? daysWithin(start, min(ceilTo(start, 'month'), yearsFrom))
          : []),
        ...(end !== null && yearsTo !== null ? daysWithin(max(floorTo(end, 'month'), yearsTo), end) : []),
      ],
    };
  }
  // No whole year inside: both ends are bounded here.
  const monthsFrom = ceilTo(start as string, 'month');
  const monthsTo = floorTo(end as string, 'month');
  if (monthsFrom < monthsTo) {
    return {
      allTime: false,
      years: null,
      months: [{ from: monthsFrom, to: monthsTo }],
      days: [...daysWithin(start as string, monthsFrom), ...daysWithin(monthsTo, end as string)],
    };
  }
  return { allTime: false, years: null, months: [], days: [{ from: start, to: end }] };
}

function monthsWithin(from: string, to: string): DayRange[] {
  const first = ceilTo(from, 'month');
  const last = floorTo(to, 'month');
  return first < last ? [{ from: first, to: last }] : [];
}

function daysWithin(from: string, to: string): DayRange[] {
  return from < to ? [{ from, to }] : [];
}

/** The first day of the year or month a day falls in. */
export function floorTo(day: string, span: 'year' | 'month'): string {
  return span === 'year' ? `${day.slice(0, 4)}-01-01` : `${day.slice(0, 7)}-01`;
}

/** The first day of the year or month, this one if it is one, else the next. */
function ceilTo(day: string, span: 'year' | 'month'): string {
  const floor = floorTo(day, span);
  if (floor === day) return day;
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return span === 'year' ? `${y + 1}-01-01` : m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

export function addDays(day: string, n: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);
