import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { CaseloadController } from './caseload.controller';
import { CaseloadService } from './caseload.service';

@Module({
  imports: [AccessModule, ChronologyModule],
  controllers: [CaseloadController],
  providers: [CaseloadService],
  exports: [CaseloadService],
})
export class CaseloadModule {}
