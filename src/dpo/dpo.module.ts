import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChildrenModule } from '../children/children.module';
import { ExportModule } from '../export/export.module';
import { RetentionModule } from '../retention/retention.module';
import { AuditIntegrityService } from './audit-integrity.service';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { AuditReportSettingsService } from './audit-report-settings';
import { AuditReportsController } from './audit-reports.controller';
import { AuditReportsService } from './audit-reports.service';
import { DisclosuresController } from './disclosures.controller';
import { DisclosuresService } from './disclosures.service';
import { RecordOfProcessingController } from './record-of-processing.controller';
import { RecordOfProcessingService } from './record-of-processing.service';

/** The data protection officer's tools: the audit trail queried, reported on, exported and verified, the register of disclosures and the record of processing. No case content is read here. */
@Module({
  imports: [AccessModule, ChildrenModule, ExportModule, RetentionModule],
  controllers: [AuditLogController, AuditReportsController, DisclosuresController, RecordOfProcessingController],
  providers: [AuditLogService, AuditReportsService, AuditReportSettingsService, AuditIntegrityService, DisclosuresService, RecordOfProcessingService],
  exports: [AuditReportSettingsService, AuditReportsService, AuditLogService, AuditIntegrityService, DisclosuresService, RecordOfProcessingService],
})
export class DpoModule {}
