import { Type } from 'class-transformer';
import { IsIn, IsObject, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ChildIdentifierDto } from '../../children/dto/create-child.dto';
import type { ErrorDetail } from '../../common/domain-error';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCleanText, MayBeOmitted } from '../../common/validators';
import { CLAIM_KINDS, ClaimKind } from '../access-policy';

/** The child, one way and not two; a reason as long as the access policy asks (counted without the spaces around it). */
@CrossFieldCheck<CreateAccessClaimDto>((dto, settings) => {
  const problems: ErrorDetail[] = [];
  if (dto.childId === undefined && dto.identifier === undefined) {
    problems.push(
      { field: 'childId', problem: "childId or identifier is required: the child's id, or an identifier such as their CHI number" },
      { field: 'identifier', problem: 'childId or identifier is required' },
    );
  }
  if (dto.childId !== undefined && dto.identifier !== undefined) {
    problems.push(
      { field: 'childId', problem: "give either childId or identifier (the child's CHI number, say), not both" },
      { field: 'identifier', problem: 'give either childId or identifier, not both' },
    );
  }
  const minimum = settings.setting('claim-reason-minimum-length');
  if (typeof dto.reason === 'string' && dto.reason.trim().length < minimum) {
    problems.push({ field: 'reason', problem: `explain why you need access in at least ${minimum} characters` });
  }
  return problems;
})
export class CreateAccessClaimDto {
  /** The child, by id; or give `identifier` instead (e.g. the CHI number on a referral). */
  @MayBeOmitted()
  @IsUUID()
  childId?: string;

  @MayBeOmitted()
  @IsObject()
  @ValidateNested()
  @Type(() => ChildIdentifierDto)
  identifier?: ChildIdentifierDto;

  /** self-claimed: you have a legitimate relationship not yet recorded on the team; emergency: break-glass. */
  @IsIn(CLAIM_KINDS)
  kind!: ClaimKind;

  /** Why you need access, in words the data protection officer will review. Minimum length is set by the policy. */
  @IsCleanText()
  @MaxLength(2000)
  reason!: string;
}
