import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessModule } from '../access/access.module';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { ChronologyEntry } from './chronology-entry.entity';
import { ChronologyController } from './chronology.controller';
import { ChronologyService } from './chronology.service';
import { EntryEvents } from './entry-events';
import { EntryRepository } from './entry.repository';
import { EventTaxonomyService } from './event-taxonomy.service';

@Module({
  imports: [TypeOrmModule.forFeature([ChronologyEntry, ChronologyEntryVersion]), AccessModule],
  controllers: [ChronologyController],
  providers: [ChronologyService, EntryRepository, EventTaxonomyService, EntryEvents],
  exports: [ChronologyService, EventTaxonomyService, EntryEvents],
})
export class ChronologyModule {}
