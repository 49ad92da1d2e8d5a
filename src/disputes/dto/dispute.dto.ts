import { IsIn, IsOptional, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsCleanText } from '../../common/validators';
import { REQUESTER_CAPACITIES, RequesterCapacity } from '../../subject-access/exemptions';

/** A dispute in the data subject's own words, as they gave them to the data protection officer. */
export class RecordDisputeDto {
  @MaxLength(4000)
  @IsCleanText()
  words!: string;

  /** Who disputes it, by name, for the data protection officer's record (not shown beside the entry). */
  @MaxLength(200)
  @IsCleanText()
  disputedBy!: string;

  @IsIn(REQUESTER_CAPACITIES, { message: `capacity must be one of ${REQUESTER_CAPACITIES.join(', ')}` })
  capacity!: RequesterCapacity;
}

export class AnswerDisputeDto {
  /** amended: the entry was amended since the dispute (POST /api/entries/:id/amendments, with its reason); upheld: it stands. */
  @IsIn(['amended', 'upheld'], { message: 'outcome must be amended or upheld' })
  outcome!: 'amended' | 'upheld';

  @MinLength(10)
  @MaxLength(2000)
  @IsCleanText()
  reason!: string;
}

export class DisputeListQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  @IsOptional()
  @IsIn(['open', 'answered', 'all'], { message: 'status must be open, answered or all' })
  status?: 'open' | 'answered' | 'all';
}
