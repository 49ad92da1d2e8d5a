import type { AppAbility } from './ability.factory';
import type { ClaimKind, Relationship } from './access-policy';

/** How the caller stands to one child, and what that lets them do. Every child-scoped operation starts from one. */
export interface ChildAccess {
  childId: string;
  relationship: Relationship;
  /** The claimed or emergency relationship the access rests on, if any. */
  claim: { id: string; kind: ClaimKind; expiresAt: string } | null;
  /** The child's entries that their recording agency has shared with the caller's agency. */
  sharedEntryIds: string[];
  /** Fetched with the relationship, for the child's age at each event; null when there is no such child. */
  childDateOfBirth: string | null;
  ability: AppAbility;
}

/** The policy lets the caller see the child's record under the relationship the access rests on. */
export function maySeeChild(access: ChildAccess): boolean {
  return access.ability.can('read', 'ChildRecord');
}

/** The policy lets the caller read entries of the child's chronology (some field of some entry), not only know of withheld ones. */
export function mayReadEntries(access: ChildAccess): boolean {
  return access.ability.can('read', 'Entry');
}
