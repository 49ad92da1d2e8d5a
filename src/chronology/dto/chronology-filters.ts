import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, registerDecorator, ValidationArguments } from 'class-validator';
import { queryBoolean } from '../../common/query-transforms';
import { IsKnownCode } from '../../common/request-checks';
import { IsCalendarDate } from '../../common/validators';
import { WELLBEING_INDICATORS, WellbeingIndicator } from '../entry-vocabulary';

/** A query string sends lists comma-separated or repeated, and booleans as text; a JSON body sends them as they are. */
type Source = 'query' | 'body';

const asList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

function CodeList(source: Source, vocabulary: 'agency' | 'event-type', max: number): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    ...(source === 'query' ? [Transform(asList)] : []),
    IsKnownCode(vocabulary),
    IsString({ each: true, message: ({ property }) => `${property} must list codes (text)` }),
    MaxLength(80, { each: true }),
    ArrayMaxSize(max),
    IsArray(),
  );
}

/** A closed vocabulary, so the valid values are named in the message itself. */
function IndicatorList(source: Source): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    ...(source === 'query' ? [Transform(asList)] : []),
    IsIn(WELLBEING_INDICATORS, { each: true, message: ({ property }) => `${property} must list wellbeing indicators, each one of: ${WELLBEING_INDICATORS.join(', ')}` }),
    ArrayMaxSize(WELLBEING_INDICATORS.length),
    IsArray(),
  );
}

function FilterBoolean(source: Source): PropertyDecorator {
  return applyDecorators(IsOptional(), ...(source === 'query' ? [Transform(queryBoolean)] : []), IsBoolean());
}

/** `to` is not before `from`: a reversed period is a mistake, not a question whose answer is "nothing". */
function NotBeforeFrom(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'notBeforeFrom',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const from = (args.object as { from?: unknown }).from;
          return typeof value !== 'string' || typeof from !== 'string' || value >= from;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must not be before from (${String((args.object as { from?: unknown }).from)})`,
      },
    });
}

/**
 * The filters of a chronology, defined once for the API's chronology (query string) and printed
 * chronologies (JSON body): a period, agencies and event types (codes the service knows, else 400
 * naming the valid ones), wellbeing indicators, significance, and whether to include entries
 * entered in error.
 */
export function ChronologyFilterFields(source: Source) {
  class ChronologyFilterFieldsDto {
    /** Events on or after this date (a period that overlaps it counts). */
    @IsOptional()
    @IsCalendarDate()
    from?: string;

    /** Events on or before this date; not before `from`. */
    @IsOptional()
    @NotBeforeFrom()
    @IsCalendarDate()
    to?: string;

    /** Agency codes (GET /api/agencies). */
    @CodeList(source, 'agency', 20)
    agency?: string[];

    /** Event-type codes (GET /api/event-types). */
    @CodeList(source, 'event-type', 50)
    eventType?: string[];

    /** SHANARRI wellbeing indicators: entries recorded against any of them. */
    @IndicatorList(source)
    wellbeingIndicator?: WellbeingIndicator[];

    /** Only significant events (true), or only the others (false). */
    @FilterBoolean(source)
    significant?: boolean;

    /** Include entries marked "entered in error" (shown with their reason). Default false. */
    @FilterBoolean(source)
    includeEnteredInError?: boolean;
  }
  return ChronologyFilterFieldsDto;
}
