import { IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, QueryCount } from '../../common/validators';

/** The data protection officer's registers (sharing decisions, disclosures): newest first, optionally one child's, from a date. */
export class RegisterQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  /** Decisions or disclosures on or after this date. */
  @IsOptional()
  @IsCalendarDate()
  since?: string;

  @QueryCount(500)
  limit?: number;
}
