import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { RecordsManagementService } from './records-management';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** Records management: lawful bases and retention classes (config/records-management.json), the retention review, legal holds and destruction. */
@Module({
  imports: [ChronologyModule, AccessModule],
  controllers: [RetentionController],
  providers: [RecordsManagementService, RetentionService],
  exports: [RecordsManagementService, RetentionService],
})
export class RetentionModule {}
