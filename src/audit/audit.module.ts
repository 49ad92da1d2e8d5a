import { Global, Module } from '@nestjs/common';
import { AuditCheckpointsService } from './audit-checkpoints.service';
import { AuditPrivilegesCheck } from './audit-privileges.check';
import { AuditPartitionsService } from './audit-partitions.service';
import { AuditVerificationService } from './audit-verification.service';
import { AuditService } from './audit.service';
import { ConfigurationLoadRecorder } from './configuration-load.recorder';

/** Writing the audit trail, keeping its partitions ready, and proving it intact. */
@Global()
@Module({
  providers: [AuditService, AuditPrivilegesCheck, AuditCheckpointsService, AuditPartitionsService, AuditVerificationService, ConfigurationLoadRecorder],
  exports: [AuditService, AuditCheckpointsService, AuditVerificationService],
})
export class AuditModule {}
