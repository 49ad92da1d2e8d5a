import { registerDecorator, ValidationArguments } from 'class-validator';
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
