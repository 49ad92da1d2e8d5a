import type { ClaimKind } from './access-policy';
import type { ReviewOutcome } from './dto/review-access-claim.dto';

export class AccessClaimView {
  id!: string;
  childId!: string;
  kind!: ClaimKind;
  reason!: string;
  grantedAt!: string;
  expiresAt!: string;
  /** What the claimant is told: how long access lasts and that it is reviewed. */
  notice!: string;
}

/** A claim as the data protection officer reviews it. */
export class AccessAlertView {
  claimId!: string;
  childId!: string;
  /** The child's name (identity only), for the data protection officer to know whose record it is. */
  childName!: string;
  kind!: ClaimKind;
  reason!: string;
  grantedAt!: string;
  expiresAt!: string;
  active!: boolean;
  practitioner!: { id: string; name: string; role: string; agency: string };
  /** Entries read under the claim, from the audit trail. */
  entriesRead!: number;
  /** Entries read under the claim after its review, which the review did not see; null before a review. */
  entriesReadSinceReview!: number | null;
  /** Null while the claim awaits the data protection officer's review. */
  review!: AccessClaimReviewView | null;
}

export class AccessClaimReviewView {
  outcome!: ReviewOutcome;
  notes!: string;
  reviewedBy!: string;
  reviewedAt!: string;
}
