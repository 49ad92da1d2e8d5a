import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { RecordsManagementService } from './records-management';

/** Records management: the lawful bases and retention classes of config/records-management.json. */
@Module({
  imports: [ChronologyModule],
  providers: [RecordsManagementService],
  exports: [RecordsManagementService],
})
export class RetentionModule {}
