/** Hours and minutes, optional seconds, optional am/pm: "14:30", "9.05", "2:15 pm", "14:30:00". Three groups. */
export const TIME_OF_DAY = '(\\d{1,2})[:.](\\d{2})(?::\\d{2}(?:\\.\\d+)?)?\\s*(am|pm)?';
const WHOLE_TIME = new RegExp(`^${TIME_OF_DAY}$`);

export type TimeReading = { ok: true; time: string } | { ok: false; problem: string };

/** HH:MM (24-hour) from the parts TIME_OF_DAY captured; null when they are not a real time. */
export function timeFromParts(hoursWritten: string, minutesWritten: string, meridiem: string | undefined): string | null {
  let hours = Number(hoursWritten);
  const minutes = Number(minutesWritten);
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** A time of day as people write it in a spreadsheet, as the entry's HH:MM. */
export function readTimeOfDay(written: string): TimeReading {
  const match = WHOLE_TIME.exec(written.trim().toLowerCase());
  const time = match ? timeFromParts(match[1], match[2], match[3]) : null;
  return time === null ? { ok: false, problem: `"${written.trim()}" is not a time of day; write it as HH:MM, e.g. 14:30` } : { ok: true, time };
}
