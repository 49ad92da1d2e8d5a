import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Involvement } from '../team/involvement.entity';
import { AccessService } from './access.service';

@Module({
  imports: [TypeOrmModule.forFeature([Involvement])],
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
