import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import type { Principal } from '../auth/principal';

export type AccessAction = 'manage' | 'read' | 'create' | 'amend';
/** 'ChildRecord' is identity data (name, date of birth, identifiers, team); 'CaseContent' is the chronology itself. */
export type AccessSubject = 'ChildRecord' | 'Team' | 'CaseContent' | { kind: 'Entry'; sourceAgencyId: string } | 'Entry' | 'all';
export type AppAbility = MongoAbility<[AccessAction, AccessSubject]>;

/**
 * Role rules. Involvement with the child is checked separately by AccessService, because it needs
 * the database; both must allow an action. The field-level policy from config/ will replace these
 * hand-written rules, keeping this one decision point.
 */
export function defineAbilityFor(user: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  switch (user.role) {
    case 'administrator':
      can('manage', 'ChildRecord');
      can('manage', 'Team');
      break;
    case 'practitioner':
    case 'manager':
    case 'reviewing-officer':
      can('read', 'ChildRecord');
      can('read', 'Team');
      can('read', 'CaseContent');
      can('create', 'Entry');
      can('amend', 'Entry', { sourceAgencyId: user.agency.id });
      break;
    case 'data-protection-officer':
      // Audits access; reads no case content (issue: audit trail).
      break;
  }
  return build({ detectSubjectType: (subject) => (typeof subject === 'string' ? subject : subject.kind) as never });
}
