import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { ImportFileInterceptor } from './import-file.interceptor';
import { ImportController } from './import.controller';
import { ImportRepository } from './import.repository';
import { ImportService } from './import.service';

/** Agencies' own chronologies imported from CSV and Excel: upload, preview with a mapping, commit. */
@Module({
  imports: [AccessModule, ChronologyModule],
  controllers: [ImportController],
  providers: [ImportService, ImportRepository, ImportFileInterceptor],
  exports: [ImportService],
})
export class ImportModule {}
