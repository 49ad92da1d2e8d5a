import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { AuditIntegrityService } from './audit-integrity.service';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { AuditReportSettingsService } from './audit-report-settings';
import { AuditReportsController } from './audit-reports.controller';
import { AuditReportsService } from './audit-reports.service';

/** The data protection officer's tools: the audit trail queried, reported on, exported and verified. No case content is read here. */
@Module({
  imports: [AccessModule],
  controllers: [AuditLogController, AuditReportsController],
  providers: [AuditLogService, AuditReportsService, AuditReportSettingsService, AuditIntegrityService],
  exports: [AuditReportSettingsService],
})
export class DpoModule {}
