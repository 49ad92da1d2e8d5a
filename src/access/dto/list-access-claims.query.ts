import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate, QueryCount } from '../../common/validators';

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

  @QueryCount(500)
  limit?: number;
}
