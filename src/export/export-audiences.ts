import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { READABLE_ENTRY_FIELDS, ReadableEntryField } from '../access/access-policy';
import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import { PURPOSES_OF_USE, PurposeOfUse } from '../audit/audit-vocabulary';
import { SENSITIVITIES, Sensitivity } from '../chronology/entry-vocabulary';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { APP_CONFIG } from '../config/config.module';
import { describeUnknownCodes, Vocabularies } from '../common/request-checks';

/** Fields an audience's copy leaves out; `when` narrows the rule to some entries. */
export interface LeaveOutRule {
  fields: ReadableEntryField[];
  when: { namesThirdParties?: boolean; sourceAgencyType?: AgencyType[]; sensitivity?: Sensitivity[] };
}

/**
 * How a copy tells its reader about what it does not show. itemised: each withheld cell names the
 * agency that holds it, whole entries withheld appear as rows or are counted per agency, so a
 * professional knows whom to ask. general: nothing says which agency holds what or how many entries
 * are missing, only one statement for the whole copy, as a subject access copy must not itself
 * disclose (for example) that the police hold something about the child.
 */
export const WITHHELD_NOTICES = ['itemised', 'general'] as const;
export type WithheldNotices = (typeof WITHHELD_NOTICES)[number];

export interface ExportAudience {
  id: string;
  label: string;
  description: string;
  purposeOfUse: PurposeOfUse;
  defaultLawfulBasis: string;
  childName: 'full' | 'initials';
  showDateOfBirth: boolean;
  showIdentifiers: boolean;
  withheldNotices: WithheldNotices;
  leaveOut: LeaveOutRule[];
}

export class ExportAudiencesError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid export audiences in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ExportAudiencesError';
  }
}

/** What a leave-out rule looks at, for one entry. */
export interface AudienceEntryFacts {
  namesThirdParties: boolean | null;
  sourceAgencyType: AgencyType;
  sensitivity: Sensitivity;
}

/**
 * The fields of one entry an audience's copy may show: those the reader may read, less those the
 * audience's rules leave out. A profile only ever removes: it is applied to what the access policy
 * already allows. `namesThirdParties` unknown to the reader counts as naming third parties.
 */
export function fieldsForAudience(readable: ReadonlySet<string>, audience: ExportAudience, entry: AudienceEntryFacts): Set<string> {
  const fields = new Set(readable);
  for (const rule of audience.leaveOut) {
    const { namesThirdParties, sourceAgencyType, sensitivity } = rule.when;
    if (namesThirdParties !== undefined && (entry.namesThirdParties ?? true) !== namesThirdParties) continue;
    if (sourceAgencyType && !sourceAgencyType.includes(entry.sourceAgencyType)) continue;
    if (sensitivity && !sensitivity.includes(entry.sensitivity)) continue;
    for (const field of rule.fields) fields.delete(field);
  }
  return fields;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const AUDIENCE_KEYS = ['id', 'label', 'description', 'purposeOfUse', 'defaultLawfulBasis', 'childName', 'showDateOfBirth', 'showIdentifiers', 'withheldNotices', 'leaveOut'];
type Json = Record<string, unknown>;

/** Validates config/export-audiences.json, listing every problem. */
export function parseExportAudiences(raw: unknown, file: string): ExportAudience[] {
  const problems: string[] = [];
  const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
  const unknownKeys = (value: Json, known: string[], where: string) => {
    const unknown = Object.keys(value).filter((key) => key !== '$comment' && !known.includes(key));
    if (unknown.length > 0) problems.push(`${where} has unknown keys ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
  };
  const text = (value: unknown, where: string, max: number) => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) problems.push(`${where} must be text of 1 to ${max} characters`);
  };
  if (!isObject(raw)) throw new ExportAudiencesError(file, ['the file must hold a JSON object']);
  unknownKeys(raw, ['version', 'audiences'], 'the file');
  if (raw.version !== 1) problems.push('version must be 1');
  if (!Array.isArray(raw.audiences) || raw.audiences.length === 0) throw new ExportAudiencesError(file, [...problems, 'audiences must be a non-empty list']);
  const seen = new Set<string>();
  raw.audiences.forEach((audience: unknown, index) => {
    const where = isObject(audience) && typeof audience.id === 'string' ? `audience "${audience.id}"` : `audience ${index}`;
    if (!isObject(audience)) return void problems.push(`${where} is not an object`);
    unknownKeys(audience, AUDIENCE_KEYS, where);
    if (typeof audience.id !== 'string' || !ID.test(audience.id)) problems.push(`${where}: id must be kebab-case`);
    else if (seen.has(audience.id)) problems.push(`${where}: id is used twice`);
    else seen.add(audience.id);
    text(audience.label, `${where}: label`, 120);
    text(audience.description, `${where}: description`, 1000);
    text(audience.defaultLawfulBasis, `${where}: defaultLawfulBasis`, 500);
    if (!(PURPOSES_OF_USE as readonly unknown[]).includes(audience.purposeOfUse)) problems.push(`${where}: purposeOfUse must be one of ${PURPOSES_OF_USE.join(', ')}`);
    if (audience.childName !== 'full' && audience.childName !== 'initials') problems.push(`${where}: childName must be "full" or "initials"`);
    for (const key of ['showDateOfBirth', 'showIdentifiers']) if (typeof audience[key] !== 'boolean') problems.push(`${where}: ${key} must be true or false`);
    if (audience.withheldNotices === undefined) audience.withheldNotices = 'itemised';
    if (!(WITHHELD_NOTICES as readonly unknown[]).includes(audience.withheldNotices)) problems.push(`${where}: withheldNotices must be ${WITHHELD_NOTICES.map((value) => `"${value}"`).join(' or ')}`);
    if (!Array.isArray(audience.leaveOut)) return void problems.push(`${where}: leaveOut must be a list of rules (it may be empty)`);
    audience.leaveOut = audience.leaveOut.map((rule: unknown, ruleIndex) => parseRule(rule, `${where}: leaveOut ${ruleIndex}`, problems, isObject, unknownKeys));
  });
  if (problems.length > 0) throw new ExportAudiencesError(file, problems);
  return raw.audiences as ExportAudience[];
}

function parseRule(
  rule: unknown,
  where: string,
  problems: string[],
  isObject: (value: unknown) => value is Json,
  unknownKeys: (value: Json, known: string[], where: string) => void,
): LeaveOutRule | null {
  if (!isObject(rule)) {
    problems.push(`${where} is not an object`);
    return null;
  }
  unknownKeys(rule, ['fields', 'when'], where);
  const listed = Array.isArray(rule.fields) ? rule.fields : [];
  if (listed.length === 0) problems.push(`${where}: fields must list the entry fields to leave out (or "everything")`);
  const unknown = listed.filter((field) => field !== 'everything' && !(READABLE_ENTRY_FIELDS as readonly unknown[]).includes(field));
  if (unknown.length > 0) problems.push(`${where}: unknown fields ${unknown.map((field) => JSON.stringify(field)).join(', ')}; known: ${READABLE_ENTRY_FIELDS.join(', ')}, everything`);
  const fields = listed.includes('everything') ? [...READABLE_ENTRY_FIELDS] : (listed as ReadableEntryField[]);
  const when = rule.when ?? {};
  if (!isObject(when)) {
    problems.push(`${where}: when must be an object of conditions`);
    return null;
  }
  unknownKeys(when, ['namesThirdParties', 'sourceAgencyType', 'sensitivity'], `${where}: when`);
  if (when.namesThirdParties !== undefined && typeof when.namesThirdParties !== 'boolean') problems.push(`${where}: when.namesThirdParties must be true or false`);
  for (const [key, vocabulary] of [
    ['sourceAgencyType', AGENCY_TYPES],
    ['sensitivity', SENSITIVITIES],
  ] as const) {
    const values = when[key];
    if (values !== undefined && (!Array.isArray(values) || values.length === 0 || values.some((value) => !(vocabulary as readonly unknown[]).includes(value)))) {
      problems.push(`${where}: when.${key} must list values from ${vocabulary.join(', ')}`);
    }
  }
  return { fields, when: when as LeaveOutRule['when'] };
}

/** config/export-audiences.json, read once at start-up. */
@Injectable()
export class ExportAudiencesService {
  private readonly byId: ReadonlyMap<string, ExportAudience>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles, vocabularies: Vocabularies) {
    const raw = files.readJson(config.configDir, 'export-audiences.json', (file, problems) => new ExportAudiencesError(file, problems));
    this.byId = new Map(parseExportAudiences(raw, path.join(config.configDir, 'export-audiences.json')).map((audience) => [audience.id, audience]));
    vocabularies.register('export-audience', {
      unknown: async (ids) => ids.filter((id) => !this.byId.has(id)),
      problem: async (_field, unknown) => describeUnknownCodes('audience', unknown, [...this.byId.keys()], 'GET /api/export-audiences'),
    });
  }

  all(): ExportAudience[] {
    return [...this.byId.values()];
  }

  find(id: string): ExportAudience | undefined {
    return this.byId.get(id);
  }
}
