import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller } from '../common/caller.decorator';
import { UuidParam } from '../common/uuid-param';
import { AccessAlertView, AccessClaimView } from './access-claim.view';
import { AccessClaimsService } from './access-claims.service';
import { AccessPolicy } from './access-policy';
import { AccessPolicyService } from './access-policy.service';
import { CreateAccessClaimDto } from './dto/create-access-claim.dto';
import { ExplainPolicyQuery } from './dto/explain-policy.query';
import { ListAccessClaimsQuery } from './dto/list-access-claims.query';
import { ReviewAccessClaimDto } from './dto/review-access-claim.dto';
import { PolicyExplainerService } from './policy-explainer.service';
import { PolicyExplanation } from './policy-explanation.view';

@ApiTags('access')
@ApiBearerAuth()
@Controller()
export class AccessController {
  constructor(
    private readonly policies: AccessPolicyService,
    private readonly explainer: PolicyExplainerService,
    private readonly claims: AccessClaimsService,
  ) {}

  @Get('policy')
  @ApiOperation({ summary: 'The information-sharing policy in force: every rule, in words and as data (docs/access-policy.md explains it)' })
  policy(): AccessPolicy {
    return this.policies.policy;
  }

  @Get('policy/explain')
  @ApiOperation({ summary: 'Why you can or cannot see each field of an entry (or what you may do for a child), citing the policy rules' })
  explain(@CurrentCaller() caller: Caller, @Query() query: ExplainPolicyQuery): Promise<PolicyExplanation> {
    return this.explainer.explain(caller, query.childId, query.entryId);
  }

  @Post('access-claims')
  @ApiOperation({ summary: 'Claim a relationship with, or emergency (break-glass) access to, a child you are not on the team of; needs a reason, expires, alerts the DPO' })
  claim(@CurrentCaller() caller: Caller, @Body() dto: CreateAccessClaimDto): Promise<AccessClaimView> {
    return this.claims.claim(caller, dto);
  }

  @Get('access-alerts')
  @ApiOperation({ summary: 'Claimed and emergency access for the data protection officer to review, newest first; status=awaiting-review for those not yet reviewed' })
  alerts(@CurrentCaller() caller: Caller, @Query() query: ListAccessClaimsQuery): Promise<AccessAlertView[]> {
    return this.claims.alerts(caller, query);
  }

  @Get('access-alerts/:claimId')
  @ApiOperation({ summary: 'One claimed or emergency access, as the review list gives it (data protection officers)' })
  alert(@CurrentCaller() caller: Caller, @UuidParam('claimId') claimId: string): Promise<AccessAlertView> {
    return this.claims.alert(caller, claimId);
  }

  @Post('access-alerts/:claimId/review')
  @ApiOperation({ summary: 'Record the outcome of reviewing one claimed or emergency access (data protection officers); once per claim' })
  review(@CurrentCaller() caller: Caller, @UuidParam('claimId') claimId: string, @Body() dto: ReviewAccessClaimDto): Promise<AccessAlertView> {
    return this.claims.review(caller, claimId, dto);
  }
}
