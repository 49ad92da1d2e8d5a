import { IsOptional, IsUUID } from 'class-validator';
import { QueryCount } from '../../common/validators';
import { AuditPeriodQuery } from './audit-time';

/**
 * A report's period: `from` and `to` as in the audit log; by default the last `defaultPeriodDays` of
 * config/audit-reports.json. The whole query of the reports that take nothing else (who reached a
 * child's record, whose child is in the path; unusual volume, which ranks users across all children),
 * so a child or a limit given to them is refused rather than silently ignored.
 */
export class AuditReportPeriodQuery extends AuditPeriodQuery {}

/** The reports that list events (off-team access, out of hours): a period, optionally one child, and how many events. */
export class AuditReportQuery extends AuditReportPeriodQuery {
  /** Only events about this child. */
  @IsOptional()
  @IsUUID()
  childId?: string;

  @QueryCount(1000)
  limit?: number;
}
