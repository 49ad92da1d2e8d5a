import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CrossFieldCheck, IsKnownCode } from '../../common/request-checks';
import { IsCleanText } from '../../common/validators';
import { SHARING_DECISIONS, SharingDecisionKind } from '../sharing-decision.entity';

/** What a share must record (GIRFEC information-sharing guidance): the lawful basis and necessity of a share, and why the family was not told (only when it was not). */
@CrossFieldCheck<RecordSharingDecisionDto>((dto) => [
  ...(dto.decision === 'shared' && !dto.lawfulBasis ? [{ field: 'lawfulBasis', problem: 'lawfulBasis is required: a share must record its lawful basis' }] : []),
  ...(dto.decision === 'shared' && !dto.necessity ? [{ field: 'necessity', problem: 'necessity is required: a share must say why it is necessary and proportionate' }] : []),
  ...(dto.familyInformed === false && !dto.familyNotInformedReason
    ? [{ field: 'familyNotInformedReason', problem: 'familyNotInformedReason is required: say why the child or family was not told' }]
    : []),
  ...(dto.familyInformed === true && dto.familyNotInformedReason !== undefined
    ? [{ field: 'familyNotInformedReason', problem: 'familyNotInformedReason is only for a child or family that was not told (familyInformed false): leave it out' }]
    : []),
])
export class RecordSharingDecisionDto {
  /** The agency (code, GET /api/agencies) the entry is shared with, or that asked and was refused. */
  @IsKnownCode('agency')
  @MaxLength(64)
  @IsString()
  recipientAgency!: string;

  @IsIn(SHARING_DECISIONS)
  decision!: SharingDecisionKind;

  /** Why it is shared (what the recipient needs it for), or why sharing is refused. */
  @IsCleanText()
  @MaxLength(2000)
  purpose!: string;

  /** Why sharing is necessary and proportionate. Required when shared. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(2000)
  necessity?: string;

  /** E.g. "UK GDPR 6(1)(e); 9(2)(g) with DPA 2018 Sch. 1 para 18". Required when shared. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(500)
  lawfulBasis?: string;

  /** Whether the child or family was told. */
  @IsBoolean()
  familyInformed!: boolean;

  /** Required when the family was not told; refused when it was. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(2000)
  familyNotInformedReason?: string;

  /** The views of the child or family, in their words. */
  @IsOptional()
  @IsCleanText()
  @MaxLength(2000)
  familyViews?: string;
}
