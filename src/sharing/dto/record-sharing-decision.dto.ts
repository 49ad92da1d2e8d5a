import { IsBoolean, IsIn, IsOptional, Matches, MaxLength } from 'class-validator';
import { IsCleanText } from '../../common/validators';
import { SHARING_DECISIONS, SharingDecisionKind } from '../sharing-decision.entity';

export class RecordSharingDecisionDto {
  /** The agency (code) the entry is shared with, or that asked and was refused. */
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'recipientAgency must be an agency code' })
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

  /** Required when the family was not told. */
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
