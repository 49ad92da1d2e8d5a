import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate, IsCleanText } from '../../common/validators';
import { MAX_EXTENSION_MONTHS } from '../due-date';
import { EXEMPTION_CODES, REQUEST_STATUSES, REQUESTER_CAPACITIES, RequesterCapacity, SubjectAccessExemption } from '../exemptions';

/** A subject access request as received. Identity is checked outside the system, before it is recorded. */
export class RecordSubjectAccessRequestDto {
  /** The person who asked, as they signed the request. */
  @MaxLength(200)
  @IsCleanText()
  requesterName!: string;

  @IsIn(REQUESTER_CAPACITIES, { message: `capacity must be one of ${REQUESTER_CAPACITIES.join(', ')}` })
  capacity!: RequesterCapacity;

  /** The day the request reached the organisation: the deadline runs from it. */
  @IsCalendarDate({ notInFuture: true })
  receivedOn!: string;

  @IsOptional()
  @MaxLength(2000)
  @IsCleanText()
  notes?: string;
}

/** Words a decision rests on must say something: a reason is at least a short sentence. */
const REASON = { min: 10, max: 2000 };

export class ExtendSubjectAccessRequestDto {
  @IsInt({ message: 'months must be a whole number' })
  @Min(1)
  @Max(MAX_EXTENSION_MONTHS)
  months!: number;

  /** Why the request is complex, or which other requests from the same person it joins (UK GDPR Art. 12(3)). */
  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}

export class CloseSubjectAccessRequestDto {
  @IsIn(REQUEST_STATUSES.filter((status) => status !== 'open'), { message: 'status must be completed or withdrawn' })
  status!: 'completed' | 'withdrawn';
}

/** The ICO's three steps: the other person agreed, or it is reasonable to release without their agreement; the reason says which and why. */
export class ReleaseEntryDto {
  @IsUUID(undefined, { message: 'entryId must be an entry id' })
  entryId!: string;

  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}

export class ProducePackDto {
  @IsIn(['pdf', 'json'], { message: 'format must be pdf or json' })
  format!: 'pdf' | 'json';
}

/** The recording agency's marking of its entry as exempt from subject access. */
export class ExemptEntryDto {
  /** `none` withdraws an earlier marking: the latest marking of an entry stands. */
  @IsIn([...EXEMPTION_CODES, 'none'], { message: `exemption must be one of ${EXEMPTION_CODES.join(', ')}, or none to withdraw one` })
  @IsString()
  exemption!: SubjectAccessExemption | 'none';

  @MinLength(REASON.min)
  @MaxLength(REASON.max)
  @IsCleanText()
  reason!: string;
}

export class SubjectAccessListQuery {
  @IsOptional()
  @IsUUID()
  childId?: string;

  @IsOptional()
  @IsIn(REQUEST_STATUSES, { message: `status must be one of ${REQUEST_STATUSES.join(', ')}` })
  status?: (typeof REQUEST_STATUSES)[number];
}
