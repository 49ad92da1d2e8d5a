import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class ListAccessClaimsQuery {
  /** Claims granted on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}
