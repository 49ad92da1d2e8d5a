import { registerDecorator, ValidationArguments } from 'class-validator';
import { isRealCalendarDate } from '../../common/dates';
import type { SqlParameters } from '../../common/sql-parameters';

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

/** The instant a period filter starts at: as given, or the start of the given UK calendar day. */
export function periodStartSql(value: string, parameters: SqlParameters): string {
  return isRealCalendarDate(value) ? `(${parameters.add(value)}::date::timestamp AT TIME ZONE 'Europe/London')` : `${parameters.add(value)}::timestamptz`;
}

/** The instant a period filter ends before: as given, or the end of the given UK calendar day. */
export function periodEndSql(value: string, parameters: SqlParameters): string {
  return isRealCalendarDate(value) ? `((${parameters.add(value)}::date + 1)::timestamp AT TIME ZONE 'Europe/London')` : `${parameters.add(value)}::timestamptz`;
}
