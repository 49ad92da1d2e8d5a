import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessClaim } from './access-claim.entity';
import { AccessClaimsService } from './access-claims.service';
import { AccessPolicyService } from './access-policy.service';
import { AccessController } from './access.controller';
import { AccessService } from './access.service';
import { PolicyExplainerService } from './policy-explainer.service';

@Module({
  imports: [TypeOrmModule.forFeature([AccessClaim])],
  controllers: [AccessController],
  providers: [AccessPolicyService, AccessService, AccessClaimsService, PolicyExplainerService],
  exports: [AccessPolicyService, AccessService, AccessClaimsService, PolicyExplainerService],
})
export class AccessModule {}
