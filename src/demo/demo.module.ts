import { DynamicModule, Module } from '@nestjs/common';
import { ChronologyModule } from '../chronology/chronology.module';
import { DEMO_OWNER_URL, DemoSeedService } from './demo-seed.service';

@Module({})
export class DemoModule {
  /** `ownerUrl`: the database owner's connection, where the server has one (migrations), for the demo's audit history. */
  static forRoot(ownerUrl: string | undefined): DynamicModule {
    return { module: DemoModule, imports: [ChronologyModule], providers: [DemoSeedService, { provide: DEMO_OWNER_URL, useValue: ownerUrl }] };
  }
}
