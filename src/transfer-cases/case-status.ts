/** erfasst → recherchiert → vermittelt → umgesetzt, plus the side exit abgebrochen. */
export const CASE_STATUSES = ['erfasst', 'recherchiert', 'vermittelt', 'umgesetzt', 'abgebrochen'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
