export const URGENCIES = ['low', 'medium', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** `desk`: captured by a person; `api`: pushed by a state system. */
export const NEED_SOURCES = ['desk', 'api'] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];

/** `solved`: its transfer case reached umgesetzt; a cancelled case leaves it `open` again. */
export const NEED_STATUSES = ['open', 'solved', 'closed'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];
