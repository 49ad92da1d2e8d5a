import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { DisputesController } from './disputes.controller';
import { DisputesService } from './disputes.service';

/** The data subject's disputes of entries (rectification and restriction): recorded, answered, and shown wherever the entry is. */
@Module({
  imports: [AccessModule],
  controllers: [DisputesController],
  providers: [DisputesService],
  exports: [DisputesService],
})
export class DisputesModule {}
