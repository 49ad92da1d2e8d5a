import { Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [ChronologyModule], providers: [DemoSeedService] })
export class DemoModule {}
