import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ExportModule } from '../export/export.module';
import { RetentionModule } from '../retention/retention.module';
import { SubjectAccessPackService } from './subject-access-pack.service';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';

/** Subject access requests (UK GDPR Art. 15): recorded, tracked against their deadline, answered with a pack built on the export machinery. */
@Module({
  imports: [AccessModule, ExportModule, RetentionModule],
  controllers: [SubjectAccessController],
  providers: [SubjectAccessService, SubjectAccessPackService],
  exports: [SubjectAccessService, SubjectAccessPackService],
})
export class SubjectAccessModule {}
