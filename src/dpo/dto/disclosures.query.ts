import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class DisclosuresQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** Disclosures on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
