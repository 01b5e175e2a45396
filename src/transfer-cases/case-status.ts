/** erfasst → recherchiert → vermittelt → umgesetzt, plus the side exit abgebrochen. */
export const CASE_STATUSES = ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a case's timeline records. */
export const CASE_EVENT_TYPES = [
  'created',
  'assigned',
  'candidate_added',
  'candidate_removed',
  'solution_chosen',
  'contact_recorded',
  'transitioned',
  'outcome_recorded',
  'commented',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One timeline entry to append; who and when are added when it is written. */
export interface CaseEventInput {
  type: CaseEventType;
  from?: CaseStatus;
  to?: CaseStatus;
  note?: string | null;
  data?: Record<string, unknown>;
}
