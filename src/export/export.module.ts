import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { DocumentEntries } from './document-entries';
import { ExportAudiencesService } from './export-audiences';
import { ExportController } from './export.controller';
import { ExportService } from './export.service';
import { PdfRenderer } from './pdf/pdf-renderer';

/** Printed chronologies for hearings, conferences, reviews and families: redacted for their audience, recorded, reproducible. */
@Module({
  imports: [AccessModule, ChronologyModule],
  controllers: [ExportController],
  providers: [ExportService, DocumentEntries, ExportAudiencesService, PdfRenderer],
  exports: [ExportService, DocumentEntries, ExportAudiencesService, PdfRenderer],
})
export class ExportModule {}
