import type { ClaimKind, PolicyAction, PolicySubject, Relationship } from './access-policy';

export class RuleRef {
  id!: string;
  description!: string;
}

export class FieldExplanation {
  field!: string;
  readable!: boolean;
  /** The policy rule that lets you read it. */
  grantedBy?: RuleRef;
  /** Why not, in words, and whom to ask. */
  explanation?: string;
  /** Rules for your role and agency type that would let you read it in other circumstances (e.g. if the entry were shared with your agency). */
  wouldBeReadableUnder?: RuleRef[];
  /** The entry is withheld from you whole, and the marker in its place shows this field: the policy's `locate` rule that lets it. */
  shownOnMarker?: RuleRef;
}

export class PolicyExplanation {
  you!: { role: string; agency: { code: string; name: string; type: string } };
  child!: { id: string; relationship: Relationship; claim: { id: string; kind: ClaimKind; expiresAt: string } | null };
  /** Every policy rule that applies to you for this child, in the policy's words. */
  rulesThatApply!: (RuleRef & { actions: PolicyAction[]; subject: PolicySubject })[];
  entry?: {
    id: string;
    sourceAgency: { name: string; contact: string | null };
    sensitivity: string;
    sharedWithYourAgency: boolean;
    visibility: 'readable' | 'withheld-with-marker';
    fields: FieldExplanation[];
    youMay: { amend: boolean; share: boolean };
  };
}
