import { IsIn, MaxLength } from 'class-validator';
import { IsCleanText } from '../../common/validators';

export const REVIEW_OUTCOMES = ['appropriate', 'inappropriate', 'referred'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export class ReviewAccessClaimDto {
  /** appropriate: the access was justified; inappropriate: it was not; referred: passed on for further action (line manager, HR, the ICO). */
  @IsIn(REVIEW_OUTCOMES)
  outcome!: ReviewOutcome;

  /** What was checked and why the outcome was reached. */
  @IsCleanText()
  @MaxLength(4000)
  notes!: string;
}
