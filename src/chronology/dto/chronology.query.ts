import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { queryBoolean } from '../../common/query-transforms';
import { IsCalendarDate } from '../../common/validators';

const asList = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.split(',').filter(Boolean) : value);

export class ChronologyQuery {
  /** Events on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Events on or before this date. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  /** Agency codes, comma-separated or repeated. */
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9-]{1,64}$/, { each: true, message: 'agency must be agency codes' })
  agency?: string[];

  /** Event-type codes, comma-separated or repeated. */
  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { each: true, message: 'eventType must be event-type codes' })
  eventType?: string[];

  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  significant?: boolean;

  /** Include entries marked "entered in error" (shown with their reason). Default false. */
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  includeEnteredInError?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  pageSize?: number;
}
