import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessAlertView } from '../access/access-claim.view';
import { ListAccessClaimsQuery } from '../access/dto/list-access-claims.query';
import { ChildView } from '../children/child.view';
import { ChildrenService } from '../children/children.service';
import { ChildLookupQuery } from '../children/dto/search-children.query';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { AuditReportsService, ChildAccessSummary, EventsReport, UnusualVolumeReport } from './audit-reports.service';
import { AuditReportPeriodQuery, AuditReportQuery } from './dto/audit-report.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditReportsController {
  constructor(
    private readonly reports: AuditReportsService,
    private readonly children: ChildrenService,
  ) {}

  @Get('children')
  @ApiOperation({ summary: "Find a child's id by name, date of birth or identifier: identity only (name, date of birth, identifiers), whichever team the child has; audited (data protection officers)" })
  lookUpChild(@CurrentCaller() caller: Caller, @Query() query: ChildLookupQuery): Promise<ChildView[]> {
    return this.children.lookUpForAudit(caller, query);
  }

  @Get('children/:childId/access')
  @ApiOperation({ summary: "Who reached this child's record in the period: each person, how often, first and last time, how (data protection officers)" })
  childAccess(@CurrentCaller() caller: Caller, @UuidParam('childId') childId: string, @Query() query: AuditReportPeriodQuery): Promise<ChildAccessSummary> {
    return this.reports.childAccess(caller, childId, query);
  }

  @Get('reports/off-team-access')
  @ApiOperation({ summary: "Access to children's records by people not on the child's team at the time (data protection officers)" })
  offTeamAccess(@CurrentCaller() caller: Caller, @Query() query: AuditReportQuery): Promise<EventsReport> {
    return this.reports.offTeamAccess(caller, query);
  }

  @Get('reports/break-glass')
  @ApiOperation({ summary: 'Claimed and emergency (break-glass) access awaiting review; record outcomes with POST /api/access-alerts/:claimId/review (data protection officers)' })
  breakGlass(@CurrentCaller() caller: Caller, @Query() query: ListAccessClaimsQuery): Promise<AccessAlertView[]> {
    return this.reports.breakGlass(caller, query);
  }

  @Get('reports/unusual-volume')
  @ApiOperation({ summary: "Users who reached many different children's records within a short window; thresholds in config/audit-reports.json (data protection officers)" })
  unusualVolume(@CurrentCaller() caller: Caller, @Query() query: AuditReportPeriodQuery): Promise<UnusualVolumeReport> {
    return this.reports.unusualVolume(caller, query);
  }

  @Get('reports/out-of-hours')
  @ApiOperation({ summary: "Access to children's records outside working hours; hours in config/audit-reports.json (data protection officers)" })
  outOfHours(@CurrentCaller() caller: Caller, @Query() query: AuditReportQuery): Promise<EventsReport> {
    return this.reports.outOfHours(caller, query);
  }
}
