import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import { ConfigFileError, ConfigProblem, quoteAll, schemaProblems, wordProblems } from '../config/config-schema';
import { Role, ROLES } from '../practitioners/practitioner.entity';
import { accessPolicySchema } from './access-policy.schema';

/**
 * The vocabulary of config/access-policy.json. The policy is data a data protection officer can
 * read; this file says which words it may use (access-policy.schema.ts gives them to the schema),
 * and `parseAccessPolicy` refuses anything else, so a typo cannot silently widen or narrow access.
 */
/** `manage` (teams only) means every action on the subject, as in CASL. */
export const POLICY_ACTIONS = ['read', 'locate', 'create', 'amend', 'share', 'claim', 'review', 'manage'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** `Mentoring`: a third-sector agency's matches and meetings with a child; `MentoringNote`: its mentors' own notes of conversations. */
export const POLICY_SUBJECTS = ['Entry', 'ChildRecord', 'Team', 'Practitioner', 'SharingDecision', 'AuditLog', 'AccessAlert', 'Export', 'SubjectAccess', 'Retention', 'Mentoring', 'MentoringNote'] as const;
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
export type LocateField = (typeof LOCATE_FIELDS)[number];

/** The readable fields a marker shows for each field it may locate: with `sourceAgency`, the sensitivity ("1 sensitive entry from ..."); with `eventDate`, the date. */
export const MARKER_SHOWS: Record<LocateField, readonly ReadableEntryField[]> = { sourceAgency: ['sensitivity'], eventDate: ['eventDate'] };

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
  /** Subject access requests: create is recording them and answering them (releases, extensions, packs); read is listing them. */
  SubjectAccess: ['create', 'read'],
  /** Retention: read is the review list, holds and certificates; create is placing and lifting holds, extending and destroying. */
  Retention: ['create', 'read'],
  Mentoring: ['read', 'create'],
  MentoringNote: ['read', 'create'],
};

/** Subjects a record of one agency's own (a mentoring charity's): the policy may say whose, with `sourceAgency`. */
export const AGENCY_RECORD_SUBJECTS = ['Mentoring', 'MentoringNote'] as const satisfies readonly PolicySubject[];
export type AgencyRecordSubject = (typeof AGENCY_RECORD_SUBJECTS)[number];

export interface PolicyConditions {
  relationship?: Relationship[];
  /** Entry conditions. */
  sensitivity?: Sensitivity[];
  sourceAgency?: 'own' | 'other';
  sourceAgencyType?: AgencyType[];
  sharedWithMyAgency?: true;
}
export const ENTRY_CONDITIONS = ['sensitivity', 'sourceAgency', 'sourceAgencyType', 'sharedWithMyAgency'] as const;

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

export class AccessPolicyError extends ConfigFileError {
  constructor(file: string, problems: string[]) {
    super('access policy', file, problems);
    this.name = 'AccessPolicyError';
  }
}

type Json = Record<string, unknown>;

/**
 * Validates the whole policy against its schema (access-policy.schema.ts), then what a schema
 * cannot say, and lists every problem, so an operator fixes the file in one pass.
 */
export function parseAccessPolicy(raw: unknown, file: string): AccessPolicy {
  const problems = schemaProblems(accessPolicySchema(), raw).filter((problem) => !isUnknownCondition(problem));
  const policy = raw as Json;
  const fieldGroups = isObject(policy) && isObject(policy.fieldGroups) ? (policy.fieldGroups as Record<string, string[]>) : {};
  for (const name of Object.keys(fieldGroups)) {
    if ((READABLE_ENTRY_FIELDS as readonly string[]).includes(name)) problems.push({ path: ['fieldGroups', name], text: ': a group cannot share its name with an entry field' });
  }
  const rules = isObject(policy) && Array.isArray(policy.rules) ? policy.rules : [];
  const ids = new Set<unknown>();
  rules.forEach((rule: unknown, index) => {
    if (!isObject(rule)) return;
    if (ids.has(rule.id)) problems.push({ path: ['rules', index], text: `: id ${JSON.stringify(rule.id)} is used twice` });
    ids.add(rule.id);
    problems.push(...ruleProblems(rule, fieldGroups).map((problem) => ({ ...problem, path: ['rules', index, ...problem.path] })));
  });
  if (problems.length > 0) throw new AccessPolicyError(file, wordProblems(problems, (path) => placeIn(policy, path)));
  return {
    description: policy.description as string,
    fieldGroups,
    claims: policy.claims as AccessPolicy['claims'],
    rules: rules.map((rule: Json) => ({
      id: rule.id as string,
      description: rule.description as string,
      roles: listOf(rule.roles, ROLES),
      agencyTypes: listOf(rule.agencyTypes, AGENCY_TYPES),
      actions: listOf(rule.actions, POLICY_ACTIONS),
      subject: rule.subject as PolicySubject,
      fields: rule.fields === undefined ? undefined : expandFields(rule.fields as string[], fieldGroups),
      when: (rule.when ?? {}) as PolicyConditions,
    })),
  };
}

/** What a schema cannot say of one rule: which actions its subject has, which fields its actions may use, which conditions its subject takes. */
function ruleProblems(rule: Json, fieldGroups: Record<string, string[]>): ConfigProblem[] {
  const subject = rule.subject as PolicySubject;
  if (!(POLICY_SUBJECTS as readonly unknown[]).includes(subject)) return [];
  const problems: ConfigProblem[] = [];
  const actions = Array.isArray(rule.actions) ? rule.actions.filter((action): action is PolicyAction => (POLICY_ACTIONS as readonly unknown[]).includes(action)) : [];
  const notForSubject = actions.filter((action) => !ACTIONS_BY_SUBJECT[subject].includes(action));
  if (notForSubject.length > 0) problems.push({ path: [], text: `: actions on ${subject}: unknown ${quoteAll(notForSubject)}; known: ${ACTIONS_BY_SUBJECT[subject].join(', ')}` });
  problems.push(...fieldProblems(rule.fields, subject, actions, fieldGroups));
  const known = subject === 'Entry' ? ['relationship', ...ENTRY_CONDITIONS] : (AGENCY_RECORD_SUBJECTS as readonly string[]).includes(subject) ? ['relationship', 'sourceAgency'] : ['relationship'];
  const conditions = isObject(rule.when) ? Object.keys(rule.when) : [];
  const unknown = conditions.filter((key) => !known.includes(key));
  if (unknown.length > 0) problems.push({ path: [], text: `: unknown conditions ${quoteAll(unknown)} for ${subject}; allowed: ${known.join(', ')}` });
  return problems;
}

function fieldProblems(raw: unknown, subject: PolicySubject, actions: PolicyAction[], fieldGroups: Record<string, string[]>): ConfigProblem[] {
  const fieldActions = actions.filter((action) => FIELDS_BY_ACTION[action] !== undefined);
  if (subject !== 'Entry' || fieldActions.length === 0) {
    return raw === undefined ? [] : [{ path: [], text: ': fields only apply to reading, locating, creating and amending entries' }];
  }
  if (raw === undefined) return [{ path: [], text: ': fields must list the entry fields (or field groups) the rule covers' }];
  if (!Array.isArray(raw) || raw.length === 0) return [];
  const expanded = expandFields(raw, fieldGroups);
  const problems: ConfigProblem[] = [];
  for (const action of fieldActions) {
    const allowed = FIELDS_BY_ACTION[action] as readonly unknown[];
    const unknown = expanded.filter((field) => !allowed.includes(field));
    if (unknown.length > 0) problems.push({ path: [], text: `: ${quoteAll(unknown)} cannot be used to ${action} an entry; allowed: ${allowed.join(', ')}` });
  }
  // An entry's place in the date-ordered chronology gives its date away, so whoever reads an entry reads its date.
  if (actions.includes('read') && !expanded.includes('eventDate')) problems.push({ path: [], text: ': a rule that reads entries must include eventDate' });
  if (actions.includes('locate') && !expanded.includes('sourceAgency')) problems.push({ path: [], text: ': a rule that locates entries must include sourceAgency' });
  return problems;
}

/** The schema names a condition it does not know as an unknown key; the rule's own check names it for the rule's subject instead. */
function isUnknownCondition(problem: ConfigProblem): boolean {
  return problem.path.length === 3 && problem.path[0] === 'rules' && problem.path[2] === 'when' && problem.text.startsWith('has unknown keys');
}

function expandFields(fields: unknown[], fieldGroups: Record<string, string[]>): string[] {
  return [...new Set(fields.flatMap((name) => (typeof name === 'string' && fieldGroups[name] ? fieldGroups[name] : [name])))] as string[];
}

/** A list drawn from a closed vocabulary; "any" stands for the whole vocabulary. */
function listOf<T extends string>(raw: unknown, vocabulary: readonly T[]): T[] {
  return raw === 'any' ? [...vocabulary] : [...new Set(raw as T[])];
}

/** "rule \"team-reads-team\": when.relationship", "claims.emergency.durationHours", "field group \"outline\"". */
function placeIn(policy: Json, path: (string | number)[]): string {
  const [top, key, ...rest] = path;
  if (top === undefined) return 'the policy';
  if (top === 'fieldGroups' && key !== undefined) return `field group ${JSON.stringify(key)}`;
  if (top === 'claims') return path.join('.');
  if (top === 'rules' && typeof key === 'number') {
    const id = isObject(policy) && Array.isArray(policy.rules) && isObject(policy.rules[key]) ? policy.rules[key].id : undefined;
    const rule = typeof id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) ? `rule ${JSON.stringify(id)}` : `rule ${key}`;
    const within = rest.filter((segment) => typeof segment === 'string');
    return within.length > 0 ? `${rule}: ${within.join('.')}` : rule;
  }
  return String(top);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
