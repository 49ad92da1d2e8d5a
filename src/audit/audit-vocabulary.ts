import type { ClaimKind, Relationship } from '../access/access-policy';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * Why personal data was used, recorded on every event as FHIR/IHE audit profiles do. The database
 * holds the same list (ck_audit_events_purpose); docs/audit.md maps each to its v3-ActReason code.
 */
export const PURPOSES_OF_USE = [
  'case-work',
  'break-glass',
  'audit',
  'administration',
  'legal-proceedings',
  'care-coordination',
  'subject-access',
  'authentication',
  'system',
] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];

/** How the caller stood to the child when the event happened; a ChildAccess is one. */
export interface AccessBasis {
  relationship: Relationship;
  claim: { id: string; kind: ClaimKind } | null;
}
