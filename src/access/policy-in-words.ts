import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import type { Role } from '../practitioners/practitioner.entity';
import type { AccessPolicy, PolicyAction, PolicyConditions, PolicyRule, PolicySubject, Relationship } from './access-policy';

/**
 * The access policy in words, made from the policy the server enforces (config/access-policy.json
 * as parsed) and nothing else, so what an administrator or a data protection officer reads cannot
 * drift from what is decided: each rule's own description, then who it grants what, and when.
 */

export interface RuleInWords {
  id: string;
  description: string;
  /** "Practitioners, managers and reviewing officers in any agency may read entries: ... when ..." */
  grant: string;
}

export interface PolicyInWords {
  description: string;
  rules: RuleInWords[];
  claims: string[];
}

const ROLE_WORDS: Record<Role, string> = {
  practitioner: 'practitioners',
  manager: 'managers',
  'reviewing-officer': 'reviewing officers',
  'data-protection-officer': 'data protection officers',
  administrator: 'administrators',
};

const AGENCY_TYPE_WORDS: Record<AgencyType, string> = { health: 'health', education: 'education', police: 'police', 'social-work': 'social work', 'third-sector': 'third-sector' };

const ACTION_WORDS: Record<PolicyAction, string> = {
  read: 'read',
  locate: 'know of (when withheld)',
  create: 'create',
  amend: 'amend',
  share: 'share',
  claim: 'claim access to',
  review: 'review',
  manage: 'manage',
};

const SUBJECT_WORDS: Record<PolicySubject, string> = {
  Entry: 'entries',
  ChildRecord: 'child records',
  Team: 'the team around a child',
  Practitioner: 'the list of practitioners',
  SharingDecision: 'the register of sharing decisions',
  AuditLog: 'the audit trail',
  AccessAlert: 'alerts of claimed and emergency access',
  Export: 'printed chronologies',
  SubjectAccess: "subject access requests, their packs and data subjects' disputes",
  Retention: 'retention reviews, destruction and legal holds',
  Mentoring: "a mentoring charity's matches and meetings",
  MentoringNote: "mentors' notes of conversations",
};

const RELATIONSHIP_WORDS: Record<Relationship, string> = {
  involved: "they are on the child's team",
  'self-claimed': 'they have declared a relationship',
  emergency: 'they have emergency (break-glass) access',
  none: 'they have no relationship with the child',
};

/** "a, b and c". */
function list(words: string[], conjunction = 'and'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** An entry field's name in words: "impactOnChild" as "impact on child". */
function fieldWords(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

function conditionsInWords(when: PolicyConditions): string[] {
  const conditions: string[] = [];
  if (when.relationship) conditions.push(list(when.relationship.map((relationship) => RELATIONSHIP_WORDS[relationship]), 'or'));
  if (when.sensitivity) conditions.push(`the entry is ${list(when.sensitivity, 'or')}`);
  if (when.sourceAgency) conditions.push(when.sourceAgency === 'own' ? 'their own agency recorded the entry' : 'another agency recorded the entry');
  if (when.sourceAgencyType) conditions.push(`a ${list(when.sourceAgencyType.map((type) => AGENCY_TYPE_WORDS[type]), 'or')} agency recorded the entry`);
  if (when.sharedWithMyAgency) conditions.push('the recording agency has shared the entry with their agency');
  return conditions;
}

function ruleInWords(rule: PolicyRule): RuleInWords {
  const roles = list(rule.roles.map((role) => ROLE_WORDS[role]));
  const agencies = rule.agencyTypes.length === AGENCY_TYPES.length ? 'any agency' : `${list(rule.agencyTypes.map((type) => AGENCY_TYPE_WORDS[type]), 'or')} agencies`;
  const fields = rule.fields ? `: ${list(rule.fields.map(fieldWords))}` : '';
  const conditions = conditionsInWords(rule.when);
  const grant = `${roles.charAt(0).toUpperCase()}${roles.slice(1)} in ${agencies} may ${list(rule.actions.map((action) => ACTION_WORDS[action]))} ${SUBJECT_WORDS[rule.subject]}${fields}${conditions.length > 0 ? `, when ${list(conditions)}` : ''}.`;
  return { id: rule.id, description: rule.description, grant };
}

export function policyInWords(policy: AccessPolicy): PolicyInWords {
  const { claims } = policy;
  return {
    description: policy.description,
    rules: policy.rules.map(ruleInWords),
    claims: [
      `A relationship a practitioner declares lasts ${claims['self-claimed'].durationHours} hours; emergency (break-glass) access lasts ${claims.emergency.durationHours} hours.`,
      `Either needs a written reason of at least ${claims.minimumReasonLength} characters, and the data protection officer is alerted to review it.`,
      'Anything no rule grants is refused.',
    ],
  };
}
