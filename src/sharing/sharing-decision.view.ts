import type { SharingDecisionKind } from './sharing-decision.entity';

export class SharingDecisionView {
  id!: string;
  entryId!: string;
  childId!: string;
  recipientAgency!: { code: string; name: string };
  decision!: SharingDecisionKind;
  purpose!: string;
  necessity!: string | null;
  lawfulBasis!: string | null;
  familyInformed!: boolean;
  familyNotInformedReason!: string | null;
  familyViews!: string | null;
  decidedBy!: { name: string; agency: string };
  decidedAt!: string;
}
