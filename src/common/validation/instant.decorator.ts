import { isISO8601, Matches, ValidateBy } from 'class-validator';

// A calendar date, optionally with a time and an offset: the RFC 3339 forms. ISO 8601 also has
// week and ordinal dates, which Postgres reads differently or not at all.
const RFC_3339 =
  /^(\d{4})-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|z|([+-])(\d{2}):?(\d{2}))?)?$/;
// Postgres stores offsets up to 15:59 either way; beyond, it refuses the value (22009).
const MAX_OFFSET_MINUTES = 15 * 60 + 59;

/** True for what Postgres stores as a date or timestamptz without complaint. */
export function isStorableInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !isISO8601(value, { strict: true })) return false;
  const match = RFC_3339.exec(value);
  if (!match) return false;
  const [, year, , hours, minutes] = match;
  // Year 0 does not exist in Postgres' calendar (1 BC comes before AD 1).
  if (Number(year) < 1) return false;
  return hours === undefined || Number(hours) * 60 + Number(minutes) <= MAX_OFFSET_MINUTES;
}

/** An ISO 8601 date or date-time (RFC 3339 form) that Postgres can store. */
export function IsInstant(message: string): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: { validate: isStorableInstant, defaultMessage: () => message },
  });
}

/** A calendar date, `YYYY-MM-DD`, that exists and that Postgres can store: `<field> must be a date (YYYY-MM-DD)`. */
export function IsCalendarDate(field: string): PropertyDecorator {
  const message = `${field} must be a date (YYYY-MM-DD)`;
  return (target, key) => {
    IsInstant(message)(target, key);
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message })(target, key);
  };
}
