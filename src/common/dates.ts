/** Calendar dates are handled as ISO `YYYY-MM-DD` strings, never as Date objects, so no time zone can shift them. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Building a formatter costs far more than using one, and "today" is asked on every request. */
const UK_CALENDAR_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in the service's reference time zone (UK), as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return UK_CALENDAR_DATE.format(now);
}

/** Whole years between two ISO dates; negative when `on` precedes `birth` (pre-birth events). */
export function ageInYears(birth: string, on: string): number {
  let years = Number(on.slice(0, 4)) - Number(birth.slice(0, 4));
  // Month and day compare as text: both are zero-padded "MM-DD".
  if (on.slice(5) < birth.slice(5)) years -= 1;
  return years;
}
