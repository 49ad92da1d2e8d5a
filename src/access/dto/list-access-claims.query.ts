import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export const ALERT_STATUSES = ['awaiting-review', 'reviewed', 'all'] as const;

export class ListAccessClaimsQuery {
  /** Claims granted on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  /** Default all. */
  @IsOptional()
  @IsIn(ALERT_STATUSES)
  status?: (typeof ALERT_STATUSES)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
