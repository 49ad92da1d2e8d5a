import { IsBoolean, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { CrossFieldCheck } from '../../common/request-checks';
import { IsCalendarDate, IsCleanText } from '../../common/validators';

export class StartMatchDto {
  @IsCalendarDate({ notInFuture: true })
  startsOn!: string;
}

export class EndMatchDto {
  @IsCalendarDate({ notInFuture: true })
  endsOn!: string;

  /** Why it ended, in the charity's own record only: the chronology says only that it ended. */
  @IsCleanText()
  @MaxLength(500)
  reason!: string;
}

@CrossFieldCheck<RecordMeetingDto>(({ held, minutes }) =>
  held === true && minutes === undefined
    ? [{ field: 'minutes', problem: 'minutes is required for a meeting that was held' }]
    : held === false && minutes !== undefined
      ? [{ field: 'minutes', problem: 'a missed meeting has no length: leave minutes out' }]
      : [],
)
export class RecordMeetingDto {
  @IsCalendarDate({ notInFuture: true })
  heldOn!: string;

  /** true: the meeting took place; false: it was missed. */
  @IsBoolean()
  held!: boolean;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes?: number;

  /** Also add "Mentoring meeting held" (or missed) to the shared chronology, for the team to see as the policy allows. */
  @IsOptional()
  @IsBoolean()
  shareAttendance?: boolean;
}

export class MentorNoteDto {
  /** The mentor's own note of a conversation: it stays within the charity. */
  @IsCleanText()
  @MaxLength(10_000)
  text!: string;
}

export class MentorConcernDto {
  /** What the mentor noticed, as it should read in the shared chronology. */
  @IsCleanText()
  @MaxLength(500)
  summary!: string;

  /** What the mentor did about it (told the charity's safeguarding lead, called the police…). */
  @IsCleanText()
  @MaxLength(2000)
  actionTaken!: string;
}
