import type { DatePrecision } from '../chronology/entry-vocabulary';
import { isRealCalendarDate } from '../common/dates';
import { TIME_OF_DAY, timeFromParts } from './time-of-day';

/** A date as the entry records it: the day, and how much of it is known. */
export interface ReadDate {
  /** YYYY-MM-DD: the day itself; the first day of a month or year; the middle of an approximate period. */
  date: string;
  precision: DatePrecision;
  /** HH:MM when the text gave a time of day ("22/05/2016 14:30"). */
  time: string | null;
}

export type DateReading = ({ ok: true } & ReadDate) | { ok: false; problem: string };

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+)?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const TIME = `(?:[\\st,]+${TIME_OF_DAY}z?)?`;

/** Words case reviewers put before a date they are unsure of ("c. 2016", "approx. May 2016", "?22/05/2016"). */
const UNSURE_BEFORE = /^(?:\?+|~|approximately\s*|approx\.?\s*|circa\s*|around\s+|about\s+|abt\.?\s*|roughly\s+|estimated\s+|est\.?\s*|ca?(?:\.\s*|\s+|(?=\d)))/;
const UNSURE_AFTER = /(?:\s*\?+|\s*\(\s*(?:approx\.?|approximately|estimated|est\.?|\?)\s*\)|\s+approx\.?)$/;
const PART_OF_PERIOD = /^(early|beginning of|start of|mid|middle of|late|end of)[\s-]+/;
const PARTS: Record<string, 'early' | 'mid' | 'late'> = {
  early: 'early', 'beginning of': 'early', 'start of': 'early', mid: 'mid', 'middle of': 'mid', late: 'late', 'end of': 'late',
};
const FILLER = /^(?:sometime\s+in|some\s+time\s+in|during|in)\s+/;

const FORMS = {
  isoDay: new RegExp(`^(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})${TIME}$`),
  numericDay: new RegExp(`^(\\d{1,2})([/.\\-])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME}$`),
  namedDay: new RegExp(`^${WEEKDAY}${DAY}(?:\\s+of)?[\\s\\-/.]*${MONTH}[\\s\\-/.,]+(\\d{4}|'?\\d{2})${TIME}$`),
  monthFirstDay: new RegExp(`^${WEEKDAY}${MONTH}\\s+${DAY},?\\s+(\\d{4})${TIME}$`),
  namedMonth: new RegExp(`^${MONTH}(?:\\s*[-/.,]\\s*|\\s+'|\\s+)(\\d{4}|'?\\d{2})$`),
  numericMonth: /^(\d{1,2})[/.-](\d{4})$/,
  isoMonth: /^(\d{4})[-/](\d{1,2})$/,
  year: /^(\d{4})$/,
  season: /^(spring|summer|autumn|fall|winter)\s+(\d{4})(?:\s*[/-]\s*(\d{4}|\d{2}))?$/,
  dayWithoutYear: new RegExp(`^(?:\\d{1,2}[/.-]\\d{1,2}|${DAY}[\\s-]+${MONTH}|${MONTH}[\\s-]+${DAY})$`),
  range: /\s(?:-|to|until|till)\s|^(?:from|between)\s/,
  spreadsheetSerial: /^\d{5}(?:\.\d+)?$/,
};

/** First and middle day of each season that lies within one year (UK meteorological seasons: spring is March to May). */
const SEASONS: Record<string, { start: string; middle: string }> = {
  spring: { start: '03-01', middle: '04-15' },
  summer: { start: '06-01', middle: '07-15' },
  autumn: { start: '09-01', middle: '10-15' },
  fall: { start: '09-01', middle: '10-15' },
};
/** Winter runs from December into January and February of the next year. */
const WINTER = { start: '12-01', middle: '01-15' };
const YEAR_PART_DAY = { early: '02-15', mid: '07-01', late: '11-15' } as const;
const MONTH_PART_DAY = { early: 5, mid: 15, late: 25 } as const;

/**
 * Reads a date the way case reviewers write them in a chronology, day first as in the UK. What it
 * accepts, and what each becomes, is set out in docs/import.md; anything else is a problem in plain
 * words, never a guess.
 *
 * Exact forms keep their own precision: "22/05/2016" is that day, "May 2016" the month, "2016" the
 * year. A mark of doubt ("?", "c.", "approx.", "about") or a part of a period ("early 2016",
 * "spring 2016") makes the date approximate, placed at the middle of what is known ("c. 2016" is
 * 1 July 2016) but never after today. Two-digit years are the latest year that is not in the future.
 */
export function readUncertainDate(written: string, today: string): DateReading {
  let text = written.trim().toLowerCase().replace(/[\u2010-\u2015]/g, '-').replace(/\s+/g, ' ');
  let unsure = false;
  for (const mark of [UNSURE_BEFORE, UNSURE_AFTER]) {
    const stripped = text.replace(mark, '').trim();
    if (stripped !== text) [text, unsure] = [stripped, true];
  }
  text = text.replace(FILLER, '');
  const partMatch = PART_OF_PERIOD.exec(text);
  const part = partMatch ? PARTS[partMatch[1]] : undefined;
  if (partMatch) text = text.slice(partMatch[0].length);
  const shown = written.trim();
  const reading = readForm(text, { unsure, part, today });
  if (reading === undefined) return { ok: false, problem: `"${shown}" ${notUnderstood(text)}` };
  return reading.ok ? reading : { ok: false, problem: `"${shown}" ${reading.problem}` };
}

interface Doubt {
  unsure: boolean;
  part: 'early' | 'mid' | 'late' | undefined;
  today: string;
}

function readForm(text: string, doubt: Doubt): DateReading | undefined {
  let match: RegExpExecArray | null;
  if ((match = FORMS.isoDay.exec(text))) return day(+match[1], +match[2], +match[3], undefined, timeOf(match, 4), doubt);
  if ((match = FORMS.numericDay.exec(text))) return day(fullYear(match[4], doubt.today), +match[3], +match[1], undefined, timeOf(match, 5), doubt);
  if ((match = FORMS.namedDay.exec(text))) return day(fullYear(match[4], doubt.today), monthNumber(match[3]), +match[2], match[1], timeOf(match, 5), doubt);
  if ((match = FORMS.monthFirstDay.exec(text))) return day(+match[4], monthNumber(match[2]), +match[3], match[1], timeOf(match, 5), doubt);
  if ((match = FORMS.namedMonth.exec(text))) {
    if (/^\s+\d{2}$/.test(text.slice(match[1].length))) return ambiguousMonth();
    return month(fullYear(match[2], doubt.today), monthNumber(match[1]), doubt);
  }
  if ((match = FORMS.numericMonth.exec(text))) return month(+match[2], +match[1], doubt);
  if ((match = FORMS.isoMonth.exec(text))) return month(+match[1], +match[2], doubt);
  if ((match = FORMS.year.exec(text))) return year(+match[1], doubt);
  if ((match = FORMS.season.exec(text))) return season(match[1], +match[2], match[3], doubt);
  return undefined;
}

function day(yearNumber: number, monthNumber: number, dayNumber: number, weekday: string | undefined, time: string | null | false, doubt: Doubt): DateReading {
  if (doubt.part) return { ok: false, problem: 'puts "early", "mid" or "late" before a day; they go with a month or a year' };
  const badMonth = monthProblem(monthNumber);
  if (badMonth) return badMonth;
  const date = isoDate(yearNumber, monthNumber, dayNumber);
  if (!isRealCalendarDate(date)) {
    const days = new Date(Date.UTC(yearNumber, monthNumber, 0)).getUTCDate();
    return { ok: false, problem: `is not a real date: ${MONTH_NAMES[monthNumber - 1]} ${yearNumber} has ${days} days` };
  }
  if (weekday !== undefined) {
    const actual = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
    if (!actual.startsWith(weekday)) {
      const written = WEEKDAYS.find((name) => name.startsWith(weekday)) ?? weekday;
      return { ok: false, problem: `is not a real date: ${dayNumber} ${MONTH_NAMES[monthNumber - 1]} ${yearNumber} was a ${capitalised(actual)}, not a ${capitalised(written)}` };
    }
  }
  if (time === false) return { ok: false, problem: 'has a time of day that is not a real time; write it as HH:MM, e.g. 14:30' };
  return { ok: true, date, precision: doubt.unsure ? 'approximate' : 'day', time };
}

function month(yearNumber: number, monthNumber: number, doubt: Doubt): DateReading {
  const badMonth = monthProblem(monthNumber);
  if (badMonth) return badMonth;
  if (!doubt.unsure && !doubt.part) return { ok: true, date: isoDate(yearNumber, monthNumber, 1), precision: 'month', time: null };
  const middle = MONTH_PART_DAY[doubt.part ?? 'mid'];
  return estimate(isoDate(yearNumber, monthNumber, 1), isoDate(yearNumber, monthNumber, middle), doubt.today);
}

function year(yearNumber: number, doubt: Doubt): DateReading {
  if (!doubt.unsure && !doubt.part) return { ok: true, date: `${yearNumber}-01-01`, precision: 'year', time: null };
  return estimate(`${yearNumber}-01-01`, `${yearNumber}-${YEAR_PART_DAY[doubt.part ?? 'mid']}`, doubt.today);
}

function season(name: string, firstYear: number, secondYear: string | undefined, doubt: Doubt): DateReading {
  if (doubt.part) return { ok: false, problem: `puts "early", "mid" or "late" before a season; write "${name} ${firstYear}" or the month` };
  if (name !== 'winter') {
    if (secondYear !== undefined) return { ok: false, problem: `names two years, but ${name} falls in one: write "${name} ${firstYear}"` };
    return estimate(`${firstYear}-${SEASONS[name].start}`, `${firstYear}-${SEASONS[name].middle}`, doubt.today);
  }
  if (secondYear === undefined) {
    return { ok: false, problem: `could mean the start or the end of ${firstYear}: write "winter ${firstYear}/${String(firstYear + 1).slice(2)}", a month or a date` };
  }
  const endYear = secondYear.length === 2 ? Math.floor(firstYear / 100) * 100 + Number(secondYear) : Number(secondYear);
  if (endYear !== firstYear + 1) return { ok: false, problem: `is not a winter: a winter runs from one year into the next, as in "winter ${firstYear}/${String(firstYear + 1).slice(2)}"` };
  return estimate(`${firstYear}-${WINTER.start}`, `${endYear}-${WINTER.middle}`, doubt.today);
}

/** An approximate date at the middle of a period, but not after today when the period has begun. */
function estimate(periodStart: string, middle: string, today: string): DateReading {
  const date = middle > today && periodStart <= today ? today : middle;
  return { ok: true, date, precision: 'approximate', time: null };
}

function monthProblem(monthNumber: number): DateReading | undefined {
  if (monthNumber >= 1 && monthNumber <= 12) return undefined;
  return { ok: false, problem: `is not a real date: there is no month ${monthNumber} (dates are read day first, as DD/MM/YYYY)` };
}

function ambiguousMonth(): DateReading {
  return { ok: false, problem: 'could be a day of a month or a month of a year: write the year in full (May 2016) or the whole date' };
}

function notUnderstood(text: string): string {
  if (FORMS.spreadsheetSerial.test(text)) {
    return "looks like a spreadsheet's number for a date: format the column as dates in the spreadsheet, save it, and upload it again";
  }
  if (FORMS.dayWithoutYear.test(text)) return 'has no year';
  if (FORMS.range.test(text)) return 'looks like a period: put its start here and its end in a column mapped to the end date';
  return 'is not a date that can be read; write it like 22/05/2016, 22 May 2016, May 2016, 2016, ?22/05/2016 or spring 2016';
}

/** "16" is 2016 in 2026 and "30" is 1930: the latest such year that is not in the future. */
function fullYear(written: string, today: string): number {
  const digits = written.replace("'", '');
  if (digits.length === 4) return Number(digits);
  const thisYear = Number(today.slice(0, 4));
  const candidate = Math.floor(thisYear / 100) * 100 + Number(digits);
  return candidate > thisYear ? candidate - 100 : candidate;
}

function monthNumber(name: string): number {
  return MONTHS.findIndex((candidate) => candidate.startsWith(name.replace('.', '').slice(0, 3))) + 1;
}

/** The time of day a form captured from `group` on: HH:MM, null for none, false for one that is not real. */
function timeOf(match: RegExpExecArray, group: number): string | null | false {
  if (match[group] === undefined) return null;
  return timeFromParts(match[group], match[group + 1], match[group + 2]) ?? false;
}

function isoDate(yearNumber: number, monthNumber: number, dayNumber: number): string {
  return `${String(yearNumber).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}-${String(dayNumber).padStart(2, '0')}`;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
