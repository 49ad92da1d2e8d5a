import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsAuditTime } from './audit-time';

/** A report's period: `from` and `to` as in the audit log; by default the last `defaultPeriodDays` of config/audit-reports.json. */
export class ChildAccessSummaryQuery {
  @IsOptional()
  @IsAuditTime()
  from?: string;

  @IsOptional()
  @IsAuditTime()
  to?: string;
}

export class AuditReportQuery extends ChildAccessSummaryQuery {
  /** Only events about this child. */
  @IsOptional()
  @IsUUID()
  childId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
