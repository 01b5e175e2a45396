import type { VersionedTable } from '../platform/index.js';
import { Adoption, FollowUp } from './adoption.entity.js';
import { Lesson } from './lesson.entity.js';
import { MatchAlert } from './match-alert.entity.js';

const placeOf = (row: { stateCode: string | null; regionId: string | null }) =>
  row.stateCode === null ? null : { stateCode: row.stateCode, regionId: row.regionId };

/** An alert is where its need is, so a state system sees the alerts of its territory in the feed. */
export const ALERT_RECORDS: VersionedTable<MatchAlert> = {
  entity: MatchAlert,
  kind: 'match_alert',
  label: 'match alert',
  placeOf,
};

export const ADOPTION_RECORDS: VersionedTable<Adoption> = {
  entity: Adoption,
  kind: 'adoption',
  label: 'adoption',
  placeOf,
};

/** A follow-up's results are part of it: each one counts its version up and leaves one record. */
export const FOLLOW_UP_RECORDS: VersionedTable<FollowUp> = {
  entity: FollowUp,
  kind: 'follow_up',
  label: 'follow-up',
  placeOf,
};

/** A case's lesson is where the case is; a cohort's has no place (cohorts span regions). */
export const LESSON_RECORDS: VersionedTable<Lesson> = {
  entity: Lesson,
  kind: 'lesson',
  label: 'lesson',
  placeOf,
};
