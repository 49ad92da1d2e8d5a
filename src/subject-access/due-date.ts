/**
 * When a subject access request must be answered. The ICO's guidance: the month runs from the day
 * the request is received to the corresponding calendar date of the next month; where that date
 * does not exist (a request received on 31 January) it is the last day of the next month. A
 * complex request, or several from the same person, may be extended by up to two further months,
 * with the reason recorded (UK GDPR Art. 12(3)). Dates are ISO `YYYY-MM-DD` strings, as elsewhere.
 */

/** The most a request's deadline may be extended by, in months. */
export const MAX_EXTENSION_MONTHS = 2;

/** The same day of the month `months` later, or that month's last day where it has no such day. */
export function addCalendarMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = (month - 1) + months;
  const targetYear = year + Math.floor(target / 12);
  const targetMonth = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** The deadline for a request received on `receivedOn`, extended by `extensionMonths` (0 to 2). */
export function dueDate(receivedOn: string, extensionMonths = 0): string {
  if (!Number.isInteger(extensionMonths) || extensionMonths < 0 || extensionMonths > MAX_EXTENSION_MONTHS) {
    throw new RangeError(`An extension is 0 to ${MAX_EXTENSION_MONTHS} whole months, not ${extensionMonths}`);
  }
  return addCalendarMonths(receivedOn, 1 + extensionMonths);
}

/** An open request is overdue once its due date has passed: it may still be answered on the day itself. */
export function isOverdue(due: string, today: string, open: boolean): boolean {
  return open && today > due;
}
