import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { ChronologyModule } from '../chronology/chronology.module';
import { MentoringController } from './mentoring.controller';
import { MentoringService } from './mentoring.service';

/** A mentoring charity's own space: matches, meetings, mentors' notes (docs/mentoring.md). */
@Module({
  imports: [AccessModule, ChronologyModule],
  controllers: [MentoringController],
  providers: [MentoringService],
  exports: [MentoringService],
})
export class MentoringModule {}
