import { IsOptional, registerDecorator, ValidationArguments } from 'class-validator';
import { isRealCalendarDate } from '../../common/dates';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date (a whole UK day) or an ISO 8601 instant with its offset. */
export function IsAuditTime() {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isAuditTime',
      target: target.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && (isRealCalendarDate(value) || (INSTANT.test(value) && isRealCalendarDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)))),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be a date (YYYY-MM-DD) or an ISO 8601 time with its offset (2026-11-23T14:05:00Z)`,
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
