import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import { Role, ROLES } from '../practitioners/practitioner.entity';

/**
 * The vocabulary of config/access-policy.json. The policy is data a data protection officer can
 * read; this file says which words it may use, and `parseAccessPolicy` refuses anything else, so a
 * typo cannot silently widen or narrow access.
 */
/** `manage` (teams only) means every action on the subject, as in CASL. */
export const POLICY_ACTIONS = ['read', 'locate', 'create', 'amend', 'share', 'claim', 'review', 'manage'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

export const POLICY_SUBJECTS = ['Entry', 'ChildRecord', 'Team', 'Practitioner', 'SharingDecision', 'AuditLog', 'AccessAlert', 'Export'] as const;
export type PolicySubject = (typeof POLICY_SUBJECTS)[number];

/**
 * How the user stands to the child: on the team around the child, holding an unexpired
 * self-claimed relationship or emergency (break-glass) grant, or none of these.
 */
/**
 * How widely an entry may be read, as its recording agency marks it; the policy's conditions test
 * it. The access policy owns this vocabulary, and an entry's (chronology/entry-vocabulary.ts) uses it.
 */
export const SENSITIVITIES = ['standard', 'sensitive', 'restricted'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

export const RELATIONSHIPS = ['involved', 'self-claimed', 'emergency', 'none'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export type ClaimKind = Extract<Relationship, 'self-claimed' | 'emergency'>;
export const CLAIM_KINDS = ['self-claimed', 'emergency'] as const satisfies readonly ClaimKind[];

/**
 * Fields of an entry as the policy names them. A few stand for several properties of the API's
 * entry view: `eventDate` is the whole "when" (end date, precision, time, the child's age),
 * `actionTaken` includes the reason no action was taken, `author` is who recorded it, and
 * `history` is who changed it, when and why. The id, status, version and source agency of an
 * entry you may read are never withheld: a reader must know whom to ask.
 */
export const READABLE_ENTRY_FIELDS = [
  'eventDate',
  'eventType',
  'sensitivity',
  'significant',
  'lawfulBasis',
  'summary',
  'nature',
  'wellbeingIndicators',
  'informationSource',
  'author',
  'detail',
  'impactOnChild',
  'actionTaken',
  'outcome',
  'childView',
  'namesThirdParties',
  'professionalAnalysis',
  'sourceReference',
  'history',
] as const;
export type ReadableEntryField = (typeof READABLE_ENTRY_FIELDS)[number];

/** What a user writes. Author and history are set by the server, never written. */
export const WRITABLE_ENTRY_FIELDS = READABLE_ENTRY_FIELDS.filter(
  (field): field is Exclude<ReadableEntryField, 'author' | 'history'> => field !== 'author' && field !== 'history',
);
export type WritableEntryField = (typeof WRITABLE_ENTRY_FIELDS)[number];

/** What a withheld-entry marker may reveal: that the entry exists (with its source agency and sensitivity), and its date. */
export const LOCATE_FIELDS = ['sourceAgency', 'eventDate'] as const;

const FIELDS_BY_ACTION: Partial<Record<PolicyAction, readonly string[]>> = {
  read: READABLE_ENTRY_FIELDS,
  create: WRITABLE_ENTRY_FIELDS,
  amend: WRITABLE_ENTRY_FIELDS,
  locate: LOCATE_FIELDS,
};

const ACTIONS_BY_SUBJECT: Record<PolicySubject, readonly PolicyAction[]> = {
  Entry: ['read', 'locate', 'create', 'amend', 'share'],
  ChildRecord: ['read', 'create', 'claim'],
  Team: ['read', 'manage'],
  Practitioner: ['read'],
  SharingDecision: ['read'],
  AuditLog: ['read'],
  AccessAlert: ['read', 'review'],
  Export: ['create', 'read'],
};

export interface PolicyConditions {
  relationship?: Relationship[];
  /** Entry conditions. */
  sensitivity?: Sensitivity[];
  sourceAgency?: 'own' | 'other';
  sourceAgencyType?: AgencyType[];
  sharedWithMyAgency?: true;
}
const ENTRY_CONDITIONS = ['sensitivity', 'sourceAgency', 'sourceAgencyType', 'sharedWithMyAgency'] as const;

export interface PolicyRule {
  id: string;
  description: string;
  roles: Role[];
  agencyTypes: AgencyType[];
  actions: PolicyAction[];
  subject: PolicySubject;
  /** Entry fields, with field groups already expanded; absent for subjects without fields. */
  fields?: string[];
  when: PolicyConditions;
}

export interface ClaimSettings {
  durationHours: number;
}

export interface AccessPolicy {
  description: string;
  fieldGroups: Record<string, string[]>;
  claims: { minimumReasonLength: number } & Record<ClaimKind, ClaimSettings>;
  rules: PolicyRule[];
}

export class AccessPolicyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid access policy in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AccessPolicyError';
  }
}

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const GROUP_NAME = /^[a-z][a-zA-Z0-9]*$/;
const TOP_LEVEL_KEYS = ['$comment', 'version', 'description', 'fieldGroups', 'claims', 'rules'];
const RULE_KEYS = ['id', 'description', 'roles', 'agencyTypes', 'actions', 'subject', 'fields', 'when'];

type Json = Record<string, unknown>;

/** Validates the whole policy and lists every problem, so an operator fixes the file in one pass. */
export function parseAccessPolicy(raw: unknown, file: string): AccessPolicy {
  const problems: string[] = [];
  if (!isObject(raw)) throw new AccessPolicyError(file, ['the file must hold a JSON object']);
  unknownKeys(raw, TOP_LEVEL_KEYS, 'the policy', problems);
  if (raw.version !== 1) problems.push('version must be 1');
  if (typeof raw.description !== 'string' || raw.description.trim() === '') problems.push('description must say what the policy is for');

  const fieldGroups = parseFieldGroups(raw.fieldGroups, problems);
  const claims = parseClaims(raw.claims, problems);
  const rules: PolicyRule[] = [];
  if (!Array.isArray(raw.rules) || raw.rules.length === 0) problems.push('rules must be a non-empty array');
  else {
    const ids = new Set<string>();
    raw.rules.forEach((item: unknown, index) => {
      const rule = parseRule(item, `rule ${index}`, fieldGroups, problems);
      if (!rule) return;
      if (ids.has(rule.id)) problems.push(`rule ${index}: id "${rule.id}" is used twice`);
      ids.add(rule.id);
      rules.push(rule);
    });
  }
  if (problems.length > 0) throw new AccessPolicyError(file, problems);
  return { description: raw.description as string, fieldGroups, claims, rules };
}

function parseFieldGroups(raw: unknown, problems: string[]): Record<string, string[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.push('fieldGroups must be an object of group name to entry fields');
    return {};
  }
  const groups: Record<string, string[]> = {};
  for (const [name, fields] of Object.entries(raw)) {
    const where = `field group "${name}"`;
    if (!GROUP_NAME.test(name)) problems.push(`${where}: a group name is letters and digits, starting with a lower-case letter`);
    if ((READABLE_ENTRY_FIELDS as readonly string[]).includes(name)) problems.push(`${where}: a group cannot share its name with an entry field`);
    if (!Array.isArray(fields) || fields.length === 0) {
      problems.push(`${where} must list at least one entry field`);
      continue;
    }
    const unknown = fields.filter((field) => !(READABLE_ENTRY_FIELDS as readonly unknown[]).includes(field));
    if (unknown.length > 0) problems.push(`${where}: unknown entry fields ${quoteAll(unknown)}; known fields are ${READABLE_ENTRY_FIELDS.join(', ')}`);
    groups[name] = fields as string[];
  }
  return groups;
}

function parseClaims(raw: unknown, problems: string[]): AccessPolicy['claims'] {
  const claims: AccessPolicy['claims'] = { minimumReasonLength: 20, 'self-claimed': { durationHours: 0 }, emergency: { durationHours: 0 } };
  if (!isObject(raw)) {
    problems.push('claims must say how long self-claimed and emergency access last');
    return claims;
  }
  unknownKeys(raw, ['minimumReasonLength', ...CLAIM_KINDS], 'claims', problems);
  const length = raw.minimumReasonLength;
  if (!Number.isInteger(length) || (length as number) < 10 || (length as number) > 1000) problems.push('claims.minimumReasonLength must be a whole number from 10 to 1000');
  else claims.minimumReasonLength = length as number;
  for (const kind of CLAIM_KINDS) {
    const settings = raw[kind];
    const hours = isObject(settings) ? settings.durationHours : undefined;
    if (isObject(settings)) unknownKeys(settings, ['durationHours'], `claims.${kind}`, problems);
    if (typeof hours !== 'number' || !(hours > 0) || hours > 24 * 30) problems.push(`claims.${kind}.durationHours must be a number of hours above 0 and at most 720`);
    else claims[kind] = { durationHours: hours };
  }
  return claims;
}

function parseRule(raw: unknown, where: string, fieldGroups: Record<string, string[]>, problems: string[]): PolicyRule | null {
  if (!isObject(raw)) {
    problems.push(`${where} is not an object`);
    return null;
  }
  const before = problems.length;
  if (typeof raw.id === 'string' && RULE_ID.test(raw.id)) where = `rule "${raw.id}"`;
  else problems.push(`${where}: id must be kebab-case`);
  unknownKeys(raw, RULE_KEYS, where, problems);
  if (typeof raw.description !== 'string' || raw.description.trim() === '') problems.push(`${where}: description must say in words what the rule allows`);

  const roles = parseList(raw.roles, ROLES, `${where}: roles`, problems);
  const agencyTypes = parseList(raw.agencyTypes, AGENCY_TYPES, `${where}: agencyTypes`, problems);
  const subject = raw.subject as PolicySubject;
  if (!(POLICY_SUBJECTS as readonly unknown[]).includes(subject)) {
    problems.push(`${where}: unknown subject ${JSON.stringify(raw.subject)}; known subjects are ${POLICY_SUBJECTS.join(', ')}`);
    return null;
  }
  const actions = parseList(raw.actions, ACTIONS_BY_SUBJECT[subject], `${where}: actions on ${subject}`, problems, false);
  const fields = parseFields(raw.fields, subject, actions, fieldGroups, where, problems);
  const when = parseConditions(raw.when, subject, where, problems);
  if (problems.length > before) return null;
  return { id: raw.id as string, description: raw.description as string, roles, agencyTypes, actions, subject, fields, when };
}

function parseFields(
  raw: unknown,
  subject: PolicySubject,
  actions: PolicyAction[],
  fieldGroups: Record<string, string[]>,
  where: string,
  problems: string[],
): string[] | undefined {
  const fieldActions = actions.filter((action) => FIELDS_BY_ACTION[action] !== undefined);
  if (subject !== 'Entry' || fieldActions.length === 0) {
    if (raw !== undefined) problems.push(`${where}: fields only apply to reading, locating, creating and amending entries`);
    return undefined;
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${where}: fields must list the entry fields (or field groups) the rule covers`);
    return undefined;
  }
  const expanded = [...new Set(raw.flatMap((name: unknown) => (typeof name === 'string' && fieldGroups[name] ? fieldGroups[name] : [name])))];
  for (const action of fieldActions) {
    const allowed = FIELDS_BY_ACTION[action] as readonly unknown[];
    const unknown = expanded.filter((field) => !allowed.includes(field));
    if (unknown.length > 0) problems.push(`${where}: ${quoteAll(unknown)} cannot be used to ${action} an entry; allowed: ${allowed.join(', ')}`);
  }
  // An entry's place in the date-ordered chronology gives its date away, so whoever reads an entry reads its date.
  if (actions.includes('read') && !expanded.includes('eventDate')) problems.push(`${where}: a rule that reads entries must include eventDate`);
  if (actions.includes('locate') && !expanded.includes('sourceAgency')) problems.push(`${where}: a rule that locates entries must include sourceAgency`);
  return expanded as string[];
}

function parseConditions(raw: unknown, subject: PolicySubject, where: string, problems: string[]): PolicyConditions {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.push(`${where}: when must be an object of conditions`);
    return {};
  }
  const known = subject === 'Entry' ? ['relationship', ...ENTRY_CONDITIONS] : ['relationship'];
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0) problems.push(`${where}: unknown conditions ${quoteAll(unknown)} for ${subject}; allowed: ${known.join(', ')}`);
  const conditions: PolicyConditions = {};
  if (raw.relationship !== undefined) conditions.relationship = parseList(raw.relationship, RELATIONSHIPS, `${where}: when.relationship`, problems, false);
  if (raw.sensitivity !== undefined) conditions.sensitivity = parseList(raw.sensitivity, SENSITIVITIES, `${where}: when.sensitivity`, problems, false);
  if (raw.sourceAgencyType !== undefined) {
    conditions.sourceAgencyType = parseList(raw.sourceAgencyType, AGENCY_TYPES, `${where}: when.sourceAgencyType`, problems, false);
  }
  if (raw.sourceAgency !== undefined) {
    if (raw.sourceAgency === 'own' || raw.sourceAgency === 'other') conditions.sourceAgency = raw.sourceAgency;
    else problems.push(`${where}: when.sourceAgency must be "own" or "other"`);
  }
  if (raw.sharedWithMyAgency !== undefined) {
    if (raw.sharedWithMyAgency === true) conditions.sharedWithMyAgency = true;
    else problems.push(`${where}: when.sharedWithMyAgency can only be true (leave it out otherwise)`);
  }
  return conditions;
}

/** A list drawn from a closed vocabulary; "any" stands for the whole vocabulary where allowed. */
function parseList<T extends string>(raw: unknown, vocabulary: readonly T[], where: string, problems: string[], allowAny = true): T[] {
  if (allowAny && raw === 'any') return [...vocabulary];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${where} must be a non-empty list${allowAny ? ' or "any"' : ''}`);
    return [];
  }
  const unknown = raw.filter((value) => !vocabulary.includes(value as T));
  if (unknown.length > 0) problems.push(`${where}: unknown ${quoteAll(unknown)}; known: ${vocabulary.join(', ')}`);
  return [...new Set(raw as T[])];
}

function unknownKeys(raw: Json, known: string[], where: string, problems: string[]): void {
  const unknown = Object.keys(raw).filter((key) => !known.includes(key));
  if (unknown.length > 0) problems.push(`${where} has unknown keys ${quoteAll(unknown)}`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function quoteAll(values: unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}
