import type { AgencyType } from '../agencies/agency.entity';
import type { IdentifierScheme } from '../children/child-identifier.entity';
import { ageInYears, todayIso } from '../common/dates';
import type { Role } from '../practitioners/practitioner.entity';
import type { Capacity } from '../team/involvement.entity';

/** What templates call to display values: the words for codes, and dates as GOV.UK style writes them ("4 March 2025"). */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An ISO calendar date, `YYYY-MM-DD`, as "4 March 2025". */
export function ukDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

const UK_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hour12: true });

/** An instant as the UK clock showed it: "4 March 2025 at 3:05pm". */
export function ukDateTime(isoTimestamp: string | Date): string {
  const instant = typeof isoTimestamp === 'string' ? new Date(isoTimestamp) : isoTimestamp;
  return `${ukDate(todayIso(instant))} at ${UK_TIME.format(instant).replace(/\s/g, '').toLowerCase()}`;
}

/** A child's age today: in months under 2, as health visitors count it, in years after. */
export function age(dateOfBirth: string, today = todayIso()): string {
  const years = ageInYears(dateOfBirth, today);
  if (years >= 2) return `${years} years`;
  const months = (Number(today.slice(0, 4)) - Number(dateOfBirth.slice(0, 4))) * 12 + Number(today.slice(5, 7)) - Number(dateOfBirth.slice(5, 7)) - (today.slice(8) < dateOfBirth.slice(8) ? 1 : 0);
  if (months < 0) return 'not yet born';
  return counted(months, 'month', 'months');
}

/**
 * The child's age at an entry's event, as every page says it (the chronology's Age column and the
 * entry page's "Child's age then"): by the rule of `age` (months under 2, years after), "Before
 * birth", and "about" when the date itself is not exact. Empty where the reader may not see it.
 */
export function ageAtEvent(dateOfBirth: string, entry: { childAgeAtEvent?: number; eventDate?: string; datePrecision?: string }): string {
  if (entry.childAgeAtEvent === undefined || !entry.eventDate) return '';
  const atEvent = age(dateOfBirth, entry.eventDate);
  if (atEvent === 'not yet born') return 'Before birth';
  return entry.datePrecision === 'day' ? atEvent : `about ${atEvent}`;
}

/** A length of time in the largest whole unit that fits: "8 hours", "30 minutes". */
export function duration(seconds: number): string {
  const [amount, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return counted(amount, unit, `${unit}s`);
}

/** "Connor Mitchell (known as Con)". */
export function childName(child: { givenName: string; familyName: string; knownAs?: string | null }): string {
  const name = `${child.givenName} ${child.familyName}`;
  return child.knownAs ? `${name} (known as ${child.knownAs})` : name;
}

const CAPACITIES: Record<Capacity, string> = {
  'named-person': 'Named person',
  'lead-professional': 'Lead professional',
  'allocated-social-worker': 'Allocated social worker',
  'health-visitor': 'Health visitor',
  'school-nurse': 'School nurse',
  gp: 'GP',
  'class-teacher': 'Class teacher',
  'guidance-teacher': 'Guidance teacher',
  'police-contact': 'Police contact',
  mentor: 'Mentor',
  'family-support-worker': 'Family support worker',
  'team-manager': 'Team manager',
  'reviewing-officer': 'Reviewing officer',
};

const ROLES: Record<Role, string> = {
  practitioner: 'Practitioner',
  manager: 'Manager',
  'reviewing-officer': 'Reviewing officer',
  'data-protection-officer': 'Data protection officer',
  administrator: 'Administrator',
};

const AGENCY_TYPES: Record<AgencyType, string> = {
  health: 'Health',
  education: 'Education',
  police: 'Police',
  'social-work': 'Social work',
  'third-sector': 'Third sector',
};

const IDENTIFIER_SCHEMES: Record<IdentifierScheme, string> = {
  chi: 'CHI number',
  nhs: 'NHS number',
  scn: 'Scottish candidate number',
  'police-ref': 'Police reference',
};

const labelled =
  <T extends string>(labels: Record<T, string>) =>
  (code: T): string =>
    labels[code] ?? code;

/** A phrase begun with a capital, the rest as it was (Nunjucks' own capitalize lowercases names). */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A count with its noun, singular or plural: "1 entry", "2 entries", "0 entries". */
export function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export const VIEW_FILTERS = {
  ukDate,
  ukDateTime,
  age,
  duration,
  childName,
  upperFirst,
  counted,
  capacity: labelled(CAPACITIES),
  role: labelled(ROLES),
  agencyType: labelled(AGENCY_TYPES),
  identifierScheme: labelled(IDENTIFIER_SCHEMES),
} satisfies Record<string, (...args: never[]) => string>;

export const IDENTIFIER_SCHEME_LABELS = IDENTIFIER_SCHEMES;

