import type { AccessPolicy, PolicyRule } from '../access/access-policy';
import { AGENCY_TYPES } from '../agencies/agency.entity';
import { neutraliseCsvFormula } from '../common/csv-formula';
import type { ExportAudience } from '../export/export-audiences';
import { describeRule, RecordsManagement } from '../retention/records-management';

/**
 * The record of processing activities (UK GDPR Art. 30(1)) as far as Chronicle can state it: made
 * by one function from what the server runs on (the access policy, the export audiences, the
 * records management settings), so it says what the system does rather than what someone last
 * wrote down. docs/record-of-processing.md explains each part.
 */
export interface RecordOfProcessing {
  controller: string;
  /** The files it was made from, with the digest of each as loaded. */
  madeFrom: { file: string; sha256: string }[];
  purposes: { agencyTypes: string[]; purpose: string; lawfulBasis: string; specialCategory: string }[];
  dataSubjects: string[];
  categoriesOfData: { name: string; fields: string[] }[];
  /** Who receives what within the shared chronology: one line per reading rule of the access policy. */
  recipients: {
    rule: string;
    agencyTypes: string[];
    roles: string[];
    relationship: string;
    entries: string;
    categories: string[];
    lawfulBasis: string;
    keptFor: string;
  }[];
  /** Printed copies, by audience: disclosures outside the team. */
  disclosures: { audience: string; purpose: string; lawfulBasis: string; leavesOut: string[] }[];
  retention: { id: string; label: string; appliesTo: string; keptFor: string; source: string }[];
  security: string[];
}

const DATA_SUBJECTS = [
  'Children and young people whose chronology is kept',
  'Their parents, carers and family members, and other people named in entries (third parties)',
  'Practitioners who record, read and share entries (as authors and in the audit trail)',
];

const SECURITY = [
  'Access decided per field by the access policy (config/access-policy.json) on the server, for every read, print and export',
  'Every read and change of personal data recorded in a tamper-evident, hash-chained audit trail with signed checkpoints',
  'Entries are never overwritten: each change is a new version with who, when and why',
  'Records marked OFFICIAL-SENSITIVE; printed copies checksummed and recorded',
];

export function recordOfProcessing(
  policy: AccessPolicy,
  audiences: ExportAudience[],
  records: RecordsManagement,
  madeFrom: { file: string; sha256: string }[],
): RecordOfProcessing {
  const groups = Object.entries(policy.fieldGroups).filter(([name]) => name !== 'everything' && !name.startsWith('writable'));
  const basisFor = (types: readonly string[]) =>
    [...new Set(records.lawfulBases.filter((basis) => basis.agencyTypes.some((type) => types.includes(type))).map((basis) => `${basis.basis}; ${basis.specialCategory}`))].join(' | ');
  const retentionFor = (rule: PolicyRule) => {
    const sources = rule.when.sourceAgencyType ?? AGENCY_TYPES;
    const classes = records.retentionClasses.filter(({ appliesTo }) => !appliesTo.agencyTypes || appliesTo.agencyTypes.some((type) => sources.includes(type)));
    return classes.map((retentionClass) => `${retentionClass.label}: ${retentionClass.rules.map(describeRule).join(', or ')}`).join('; ');
  };
  return {
    controller: records.controller,
    madeFrom,
    purposes: records.lawfulBases.map((basis) => ({ agencyTypes: basis.agencyTypes, purpose: basis.purpose, lawfulBasis: basis.basis, specialCategory: basis.specialCategory })),
    dataSubjects: DATA_SUBJECTS,
    categoriesOfData: groups.map(([name, fields]) => ({ name, fields })),
    recipients: policy.rules
      .filter((rule) => rule.subject === 'Entry' && rule.actions.includes('read'))
      .map((rule) => ({
        rule: rule.id,
        agencyTypes: rule.agencyTypes,
        roles: rule.roles,
        relationship: rule.when.relationship?.join(', ') ?? 'any',
        entries: describeEntries(rule),
        categories: categoriesOf(rule.fields ?? [], groups),
        lawfulBasis: basisFor(rule.agencyTypes),
        keptFor: retentionFor(rule),
      })),
    disclosures: audiences.map((audience) => ({
      audience: audience.label,
      purpose: audience.purposeOfUse,
      lawfulBasis: audience.defaultLawfulBasis,
      leavesOut: audience.leaveOut.map((rule) => `${rule.fields.join(', ')}${Object.keys(rule.when).length > 0 ? ` when ${JSON.stringify(rule.when)}` : ''}`),
    })),
    retention: records.retentionClasses.map((retentionClass) => ({
      id: retentionClass.id,
      label: retentionClass.label,
      appliesTo: describeAppliesTo(retentionClass.appliesTo),
      keptFor: retentionClass.rules.map(describeRule).join(', or, if later, '),
      source: retentionClass.source,
    })),
    security: SECURITY,
  };
}

function describeEntries(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.when.sensitivity) parts.push(`${rule.when.sensitivity.join(' or ')} entries`);
  if (rule.when.sourceAgency) parts.push(rule.when.sourceAgency === 'own' ? "of the reader's own agency" : 'of other agencies');
  if (rule.when.sourceAgencyType) parts.push(`recorded by ${rule.when.sourceAgencyType.join(', ')}`);
  if (rule.when.sharedWithMyAgency) parts.push("shared with the reader's agency");
  return parts.length > 0 ? parts.join(', ') : 'all entries';
}

/** Fields named by their group where the rule reads the whole group. */
function categoriesOf(fields: string[], groups: [string, string[]][]): string[] {
  const left = new Set(fields);
  const named: string[] = [];
  for (const [name, members] of groups) {
    if (members.every((field) => left.has(field))) {
      named.push(name);
      members.forEach((field) => left.delete(field));
    }
  }
  return [...named, ...left];
}

function describeAppliesTo(appliesTo: RecordsManagement['retentionClasses'][number]['appliesTo']): string {
  const parts = [appliesTo.agencyTypes ? `entries from ${appliesTo.agencyTypes.join(', ')}` : null, appliesTo.eventTypes ? `of types ${appliesTo.eventTypes.join(', ')}` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'every entry not in a class above';
}

const CSV_COLUMNS: [string, (row: RecordOfProcessing['recipients'][number]) => string][] = [
  ['recipient_agency_types', (row) => row.agencyTypes.join('; ')],
  ['recipient_roles', (row) => row.roles.join('; ')],
  ['relationship_to_child', (row) => row.relationship],
  ['entries', (row) => row.entries],
  ['categories_of_data', (row) => row.categories.join('; ')],
  ['lawful_basis', (row) => row.lawfulBasis],
  ['kept_for', (row) => row.keptFor],
  ['policy_rule', (row) => row.rule],
];

/** Who receives what, on what basis, kept how long: one row per reading rule (RFC 4180; formula-safe). */
export function recordOfProcessingCsv(record: RecordOfProcessing): string {
  const cell = (value: string) => {
    const text = neutraliseCsvFormula(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [CSV_COLUMNS.map(([header]) => header).join(','), ...record.recipients.map((row) => CSV_COLUMNS.map(([, value]) => cell(value(row))).join(','))].join('\r\n') + '\r\n';
}

/** The whole record as a Markdown document, for the data protection officer's files. */
export function recordOfProcessingMarkdown(record: RecordOfProcessing): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const table = (headers: string[], rows: string[][]) => [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
  return [
    '# Record of processing activities (UK GDPR Art. 30)',
    '',
    `Controller: ${record.controller}`,
    '',
    `Made from: ${record.madeFrom.map((source) => `${source.file} (SHA-256 ${source.sha256})`).join(', ')}`,
    '',
    '## Purposes and lawful bases',
    '',
    table(['Agency types', 'Purpose', 'Lawful basis', 'Special category / criminal offence data'], record.purposes.map((row) => [row.agencyTypes.join(', '), row.purpose, row.lawfulBasis, row.specialCategory])),
    '',
    '## Data subjects',
    '',
    ...record.dataSubjects.map((subject) => `- ${subject}`),
    '',
    '## Categories of personal data',
    '',
    table(['Category', 'Entry fields'], record.categoriesOfData.map((row) => [row.name, row.fields.join(', ')])),
    '',
    '## Recipients within the team around the child',
    '',
    table(
      ['Agency types', 'Roles', 'Relationship', 'Entries', 'Categories', 'Lawful basis', 'Kept for'],
      record.recipients.map((row) => [row.agencyTypes.join(', '), row.roles.join(', '), row.relationship, row.entries, row.categories.join(', '), row.lawfulBasis, row.keptFor]),
    ),
    '',
    '## Disclosures in printed copies',
    '',
    table(['Audience', 'Purpose', 'Lawful basis', 'Left out'], record.disclosures.map((row) => [row.audience, row.purpose, row.lawfulBasis, row.leavesOut.join('; ') || 'nothing beyond the reader’s own access'])),
    '',
    '## Retention',
    '',
    table(['Class', 'Applies to', 'Kept', 'Source'], record.retention.map((row) => [row.label, row.appliesTo, row.keptFor, row.source])),
    '',
    '## Security measures',
    '',
    ...record.security.map((measure) => `- ${measure}`),
    '',
  ].join('\n');
}
