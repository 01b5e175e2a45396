export const ALERT_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A follow-up is `due` until its date, `overdue` after it, `recorded` once it has a result. */
export const FOLLOW_UP_STATUSES = ['due', 'overdue', 'recorded'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
