/** erfasst → recherchiert → vermittelt → umgesetzt, plus the side exit abgebrochen. */
export const CASE_STATUSES = ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['umgesetzt', 'abgebrochen'];
export const OPEN_STATUSES: readonly CaseStatus[] = ['erfasst', 'recherchiert', 'vermittelt'];
