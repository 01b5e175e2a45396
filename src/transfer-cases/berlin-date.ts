/** Today's date where the municipalities are, as YYYY-MM-DD ("not in the future" is a German day). */
export function todayInGermany(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(now);
}
