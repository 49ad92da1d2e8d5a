import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, registerDecorator, ValidateIf, ValidationArguments, ValidationOptions } from 'class-validator';
import { isRealCalendarDate, todayIso } from './dates';

/** A real `YYYY-MM-DD` calendar date (rejects 2025-02-30), optionally not after today, or after today (a date things are kept to). */
export function IsCalendarDate(options: { notInFuture?: boolean; afterToday?: boolean } = {}, validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !isRealCalendarDate(value)) return false;
          if (value < '1900-01-01') return false;
          if (options.notInFuture && value > todayIso()) return false;
          return !options.afterToday || value > todayIso();
        },
        defaultMessage(args: ValidationArguments): string {
          // A real date refused only for when it is says just that, not that it is not a real date.
          if (typeof args.value === 'string' && isRealCalendarDate(args.value)) {
            if (args.value < '1900-01-01') return `${args.property} must be from 1900-01-01`;
            if (options.notInFuture && args.value > todayIso()) return `${args.property} must not be in the future`;
            if (options.afterToday && args.value <= todayIso()) return `${args.property} must be after today`;
          }
          const base = `${args.property} must be a real date written YYYY-MM-DD, from 1900-01-01`;
          return options.notInFuture ? `${base} and not in the future` : options.afterToday ? `${base} and after today` : base;
        },
      },
    });
  };
}

/** Free text must not smuggle control characters (NUL, C1 controls, bidi overrides) that corrupt logs, PDFs and displays. */
const FORBIDDEN_TEXT_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
/** Half a surrogate pair is not a character: stored, it would silently become U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A letter, digit, punctuation mark or symbol (emoji included). */
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export function IsCleanText(validationOptions?: ValidationOptions) {
  return (target: object, propertyName: string): void => {
    registerDecorator({
      name: 'isCleanText',
      target: target.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown) => cleanTextProblem(value) === null,
        defaultMessage: (args: ValidationArguments) => `${args.property} ${cleanTextProblem(args.value) ?? 'must be text'}`,
      },
    });
  };
}

/** What is wrong with a value given as free text, in words a person can act on; null when nothing is. */
function cleanTextProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (FORBIDDEN_TEXT_CHARACTERS.test(value)) return 'contains a control character or a bidirectional override (invisible characters that corrupt records); remove it';
  if (LONE_SURROGATE.test(value)) return 'contains a broken character (half of an emoji or other symbol); type it again';
  // Non-blank means something a reader can see: a zero-width space is not text.
  if (!VISIBLE.test(value)) return 'must not be blank';
  return null;
}

/** The field may be left out, but when it is there it must be valid: unlike @IsOptional, null is not "left out". */
export function MayBeOmitted(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, validationOptions);
}

/**
 * A whole number as a query string carries it, in digits: `Number()` would also read "1e3" as 1000,
 * "0x10" as 16 and " " as 0, none of which a person means as a page number. Anything else stays
 * text, for the whole-number rule to refuse in words.
 */
export function QueryWholeNumber(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value)),
    IsInt({ message: '$property must be a whole number, in digits' }),
  );
}

/** An optional whole number from 1 to `max` in a query string: how many items a list returns, a page number. */
export function QueryCount(max: number): PropertyDecorator {
  return applyDecorators(IsOptional(), QueryWholeNumber(), Min(1), Max(max));
}
