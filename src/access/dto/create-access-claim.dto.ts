import { Type } from 'class-transformer';
import { IsIn, IsObject, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ChildIdentifierDto } from '../../children/dto/create-child.dto';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCleanText, MayBeOmitted } from '../../common/validators';
import { CLAIM_KINDS, ClaimKind } from '../access-policy';

@CrossFieldCheck<CreateAccessClaimDto>((dto) =>
  (dto.childId === undefined) === (dto.identifier === undefined)
    ? [
        { field: 'childId', problem: 'give either childId or identifier (the child\'s CHI number, say), not both' },
        { field: 'identifier', problem: 'give either childId or identifier, not both' },
      ]
    : [],
)
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
