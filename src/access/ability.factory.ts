import { createMongoAbility, MongoAbility, MongoQuery, RawRuleOf } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import type { AgencyType } from '../agencies/agency.entity';
import type { Principal } from '../auth/principal';
import { AccessPolicy, AGENCY_RECORD_SUBJECTS, AgencyRecordSubject, LOCATE_FIELDS, PolicyAction, PolicyConditions, PolicyRule, PolicySubject, READABLE_ENTRY_FIELDS, Relationship, Sensitivity, WRITABLE_ENTRY_FIELDS } from './access-policy';

/** What the policy's entry conditions look at, for one entry as seen by one user. */
export interface EntryAttributes {
  sourceAgencyId: string;
  sourceAgencyType: AgencyType;
  sensitivity: Sensitivity;
  sharedWithMyAgency: boolean;
}
export type EntrySubject = EntryAttributes & { kind: 'Entry' };
/** A record one agency keeps of its own work with a child (a mentoring match, a mentor's note). */
export type AgencyRecord = { kind: AgencyRecordSubject; agencyId: string };
export type AppAbility = MongoAbility<[PolicyAction, PolicySubject | EntrySubject | AgencyRecord]>;

export function entrySubject(attributes: EntryAttributes): EntrySubject {
  return { kind: 'Entry', ...attributes };
}

/**
 * The one decision point. The policy's rules for the user's role and agency type, and for how the
 * user stands to the child, become CASL rules; every read and write, SQL filter, marker and
 * explanation asks this ability. Each CASL rule carries its policy rule's id as its reason, so a
 * decision can be traced back to the sentence in the policy that made it.
 */
export function defineAbilityFor(policy: AccessPolicy, user: Principal, relationship: Relationship): AppAbility {
  const rules: RawRuleOf<AppAbility>[] = policy.rules
    .filter((rule) => appliesTo(rule, user, relationship))
    .map((rule) => ({
      action: rule.actions,
      subject: rule.subject,
      fields: rule.fields,
      conditions: rule.subject === 'Entry' ? entryConditions(rule.when, user) : isAgencyRecordSubject(rule.subject) ? agencyRecordConditions(rule.when, user) : undefined,
      reason: rule.id,
    }));
  return abilityOf(rules);
}

/**
 * The data subject's own right of access (UK GDPR Art. 15): every field of every entry about
 * them. What they receive is then narrowed by the data-subject audience, the recording agencies'
 * exemptions and the redaction of other people's information (src/subject-access), never widened.
 */
export function dataSubjectAbility(): AppAbility {
  return abilityOf([{ action: 'read', subject: 'Entry', reason: 'data-subject-right-of-access' }]);
}

function abilityOf(rules: RawRuleOf<AppAbility>[]): AppAbility {
  return createMongoAbility<AppAbility>(rules, {
    detectSubjectType: (subject) => (typeof subject === 'string' ? subject : subject.kind),
  });
}

export function appliesTo(rule: PolicyRule, user: Principal, relationship: Relationship): boolean {
  return (
    rule.roles.includes(user.role) &&
    rule.agencyTypes.includes(user.agency.type) &&
    (rule.when.relationship === undefined || rule.when.relationship.includes(relationship))
  );
}

function entryConditions(when: PolicyConditions, user: Principal): MongoQuery<EntryAttributes> | undefined {
  const conditions: MongoQuery<EntryAttributes> = {};
  if (when.sensitivity) conditions.sensitivity = { $in: when.sensitivity };
  if (when.sourceAgencyType) conditions.sourceAgencyType = { $in: when.sourceAgencyType };
  if (when.sourceAgency === 'own') conditions.sourceAgencyId = user.agency.id;
  if (when.sourceAgency === 'other') conditions.sourceAgencyId = { $ne: user.agency.id };
  if (when.sharedWithMyAgency) conditions.sharedWithMyAgency = true;
  return Object.keys(conditions).length > 0 ? conditions : undefined;
}

function isAgencyRecordSubject(subject: PolicySubject): subject is AgencyRecordSubject {
  return (AGENCY_RECORD_SUBJECTS as readonly string[]).includes(subject);
}

function agencyRecordConditions(when: PolicyConditions, user: Principal): MongoQuery<AgencyRecord> | undefined {
  if (when.sourceAgency === 'own') return { agencyId: user.agency.id };
  if (when.sourceAgency === 'other') return { agencyId: { $ne: user.agency.id } };
  return undefined;
}

const ALL_FIELDS = { read: READABLE_ENTRY_FIELDS, locate: LOCATE_FIELDS, create: WRITABLE_ENTRY_FIELDS, amend: WRITABLE_ENTRY_FIELDS } as const;

/** The entry fields this ability lets its holder read, locate, or write (create or amend) on one entry. */
export function permittedEntryFields(ability: AppAbility, action: keyof typeof ALL_FIELDS, subject: EntrySubject): Set<string> {
  const all = ALL_FIELDS[action];
  return new Set(permittedFieldsOf(ability, action, subject, { fieldsFrom: (rule) => rule.fields ?? [...all] }));
}
