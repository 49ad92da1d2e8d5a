import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { ChronologyEntry } from './chronology-entry.entity';
import { ChronologyController } from './chronology.controller';
import { ChronologyService } from './chronology.service';
import { EntryRepository } from './entry.repository';
import { EventTaxonomyService } from './event-taxonomy.service';

@Module({
  imports: [TypeOrmModule.forFeature([ChronologyEntry, ChronologyEntryVersion]), AccessModule],
  controllers: [ChronologyController],
  providers: [ChronologyService, EntryRepository, EventTaxonomyService],
  exports: [ChronologyService, EventTaxonomyService],
})
export class ChronologyModule {}
