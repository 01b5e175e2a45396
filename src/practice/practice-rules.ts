import type { FollowUpStatus } from './practice-enums.js';

/** A calendar date, YYYY-MM-DD. */
type CalendarDate = string;

/**
 * The day `months` after `date`; past the end of a shorter month, its last day
 * (31 August + 6 months = 28 or 29 February).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The follow-ups an adoption gets: one per configured month count after the implementation date. */
export function followUpSchedule(
  implementedOn: CalendarDate,
  months: readonly number[],
): { afterMonths: number; dueOn: CalendarDate }[] {
  return [...new Set(months)]
    .sort((a, b) => a - b)
    .map((afterMonths) => ({ afterMonths, dueOn: addMonths(implementedOn, afterMonths) }));
}

/** Recorded once it has a result; else due until its date, overdue from the day after. */
export function followUpStatus(
  followUp: { dueOn: CalendarDate; lastRecordedAt: Date | null },
  today: CalendarDate,
): FollowUpStatus {
  if (followUp.lastRecordedAt !== null) return 'recorded';
  return followUp.dueOn < today ? 'overdue' : 'due';
}

/** One follow-up result, as far as the evidence cares. */
export interface ResultFacts {
  stillInUse: boolean;
  observedOn: CalendarDate;
  recordedAt: Date;
}

/** What an adoption contributes to its solution's evidence. */
export interface AdoptionEvidence {
  followedUp: boolean;
  inUse: boolean;
}

/** The result that counts: the latest observation; of two on one day, the later recorded. */
export function latestResult<R extends ResultFacts>(results: readonly R[]): R | null {
  let latest: R | null = null;
  for (const result of results) {
    if (
      latest === null ||
      result.observedOn > latest.observedOn ||
      (result.observedOn === latest.observedOn && result.recordedAt.getTime() >= latest.recordedAt.getTime())
    ) {
      latest = result;
    }
  }
  return latest;
}

/** An adoption's evidence from all results of all its follow-ups. */
export function evidenceOf(results: readonly ResultFacts[]): AdoptionEvidence {
  const latest = latestResult(results);
  return { followedUp: latest !== null, inUse: latest?.stillInUse ?? false };
}

/** How a solution's counters move when an adoption's evidence changes. */
export function evidenceDelta(
  before: AdoptionEvidence,
  after: AdoptionEvidence,
): { followedUp: number; inUse: number } {
  return {
    followedUp: Number(after.followedUp) - Number(before.followedUp),
    inUse: Number(after.inUse) - Number(before.inUse),
  };
}

/** An adoption as lineage rules see it. */
export interface LineageFacts {
  id: string;
  solutionId: string;
  implementedOn: CalendarDate;
  createdAt: Date;
}

/**
 * May `adoption` name `source` as the adoption it learned from? The same solution, and earlier:
 * implemented before it (on the same day: recorded before it), so lineage never runs in a circle.
 */
export function learnedFromRefusal(adoption: LineageFacts, source: LineageFacts): string | null {
  if (source.id === adoption.id) return 'an adoption cannot have learned from itself';
  if (source.solutionId !== adoption.solutionId)
    return 'the adoption it learned from must be of the same solution';
  const earlier =
    source.implementedOn < adoption.implementedOn ||
    (source.implementedOn === adoption.implementedOn &&
      source.createdAt.getTime() < adoption.createdAt.getTime());
  return earlier ? null : 'the adoption it learned from must have been implemented before this one';
}

/** A suggestion of the need, as the matching ranked it. */
export interface RankedFit {
  solutionId: string;
  rank: number;
  fit: 'strong' | 'partial' | 'weak';
}

/** How high among a need's suggestions a solution must rank to be worth an alert. */
export const ALERT_MAX_RANK = 3;

/**
 * Does a published solution deserve an alert for this need? It must fit strongly and be among
 * the need's best suggestions, and the need must still be looking: no chosen solution, and not
 * considering this one already.
 */
export function alertWorthy(
  solutionId: string,
  suggestions: readonly RankedFit[],
  openCase: { chosenSolutionId: string | null; candidateSolutionIds: readonly string[] } | undefined,
): boolean {
  const mine = suggestions.find((s) => s.solutionId === solutionId);
  if (!mine || mine.fit !== 'strong' || mine.rank > ALERT_MAX_RANK) return false;
  if (!openCase) return true;
  return openCase.chosenSolutionId === null && !openCase.candidateSolutionIds.includes(solutionId);
}
