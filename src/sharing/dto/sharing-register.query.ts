import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

export class SharingRegisterQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** Decisions made on or after this date. */
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
