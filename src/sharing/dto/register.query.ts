import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/validators';

/** The data protection officer's registers (sharing decisions, disclosures): newest first, optionally one child's, from a date. */
export class RegisterQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** Decisions or disclosures on or after this date. */
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
