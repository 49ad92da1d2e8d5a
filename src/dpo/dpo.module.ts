import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChildrenModule } from '../children/children.module';
import { AuditIntegrityService } from './audit-integrity.service';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { AuditReportSettingsService } from './audit-report-settings';
import { AuditReportsController } from './audit-reports.controller';
import { AuditReportsService } from './audit-reports.service';
import { DisclosuresController } from './disclosures.controller';
import { DisclosuresService } from './disclosures.service';

/** The data protection officer's tools: the audit trail queried, reported on, exported and verified, and the register of disclosures. No case content is read here. */
@Module({
  imports: [AccessModule, ChildrenModule],
  controllers: [AuditLogController, AuditReportsController, DisclosuresController],
  providers: [AuditLogService, AuditReportsService, AuditReportSettingsService, AuditIntegrityService, DisclosuresService],
  exports: [AuditReportSettingsService, AuditReportsService, AuditLogService, AuditIntegrityService, DisclosuresService],
})
export class DpoModule {}
