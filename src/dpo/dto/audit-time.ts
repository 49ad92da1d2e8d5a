import { IsOptional, registerDecorator, ValidationArguments } from 'class-validator';
import { isRealCalendarDate } from '../../common/dates';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|([+-])(\d{2}):(\d{2}))$/;
/** Real offsets run from -12:00 to +14:00; PostgreSQL refuses anything past 15:59, and JavaScript would take up to 23:59. */
const MAX_OFFSET_MINUTES = 14 * 60;
const EARLIEST = Date.parse('1900-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** A real calendar date, or an instant with a real offset that falls between 1900 and 9999 once in UTC: what PostgreSQL can hold. */
export function isAuditTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (isRealCalendarDate(value)) return value >= '1900-01-01';
  const match = INSTANT.exec(value);
  if (!match || !isRealCalendarDate(value.slice(0, 10))) return false;
  const [, , , , sign, hours, minutes] = match;
  if (sign && (Number(minutes) > 59 || Number(hours) * 60 + Number(minutes) > MAX_OFFSET_MINUTES)) return false;
  const instant = Date.parse(value);
  return !Number.isNaN(instant) && instant >= EARLIEST && instant <= LATEST;
}

/** An instant as PostgreSQL is given it: always UTC, whatever offset the caller wrote. */
export function utcInstant(value: string): string {
  return new Date(value).toISOString();
}

/** A real calendar date (a whole UK day) or an ISO 8601 instant with its offset. */
export function IsAuditTime() {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isAuditTime',
      target: target.constructor,
      propertyName,
      validator: {
        validate: isAuditTime,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a date (YYYY-MM-DD) or an ISO 8601 time with its offset (2026-11-23T14:05:00Z, 2026-11-23T14:05:00+01:00; offsets from -12:00 to +14:00), from 1900 to 9999`,
      },
    });
  };
}

/** Where a period given as `from`/`to` starts and ends; a date counts whole (UTC is near enough to tell an empty period). */
function bound(value: string, end: boolean): number {
  return isRealCalendarDate(value) ? Date.parse(`${value}T00:00:00Z`) + (end ? 86_400_000 : 0) : Date.parse(value);
}

/** `to` ends after `from` starts: an empty or reversed period is a mistake, not a question with no answer. */
export function EndsAfterFrom() {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'endsAfterFrom',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const from = (args.object as { from?: unknown }).from;
          return typeof value !== 'string' || typeof from !== 'string' || bound(value, true) > bound(from, false);
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must be after from`,
      },
    });
  };
}

/** A period of the audit trail: each end optional; a date counts as the whole UK day. */
export class AuditPeriodQuery {
  /** From this time (ISO 8601), or from the start of this UK calendar day (YYYY-MM-DD). */
  @IsOptional()
  @IsAuditTime()
  from?: string;

  /** Up to this time (not included), or to the end of this UK calendar day; after `from`. */
  @IsOptional()
  @EndsAfterFrom()
  @IsAuditTime()
  to?: string;
}
