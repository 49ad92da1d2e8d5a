import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { READABLE_ENTRY_FIELDS, ReadableEntryField } from '../access/access-policy';
import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import { PURPOSES_OF_USE, PurposeOfUse } from '../audit/audit-vocabulary';
import { SENSITIVITIES, Sensitivity } from '../chronology/entry-vocabulary';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { ConfigFileError, JsonSchema, schemaProblems, wordProblems } from '../config/config-schema';
import { APP_CONFIG } from '../config/config.module';
import { fixedVocabulary, Vocabularies } from '../common/request-checks';

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

export class ExportAudiencesError extends ConfigFileError {
  constructor(file: string, problems: string[]) {
    super('export audiences', file, problems);
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

const text = (max: number): JsonSchema => ({ type: 'string', pattern: '\\S', maxLength: max, errorMessage: `must be text of 1 to ${max} characters` });
const words = (vocabulary: readonly string[]): JsonSchema => ({
  type: 'array',
  minItems: 1,
  items: { enum: [...vocabulary] },
  errorMessage: `must list values from ${vocabulary.join(', ')}`,
});

/** The shape of config/export-audiences.json, as a JSON Schema (shipped as config/schemas/export-audiences.schema.json). */
export const EXPORT_AUDIENCES_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chronicle.invalid/schemas/export-audiences.schema.json',
  title: 'Chronicle export audiences',
  description: "Who a printed chronology is for, and what each audience's copy leaves out on top of what the person exporting may not read (docs/exports.md).",
  type: 'object',
  additionalProperties: false,
  required: ['version', 'audiences'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    version: { const: 1, errorMessage: 'must be 1' },
    audiences: {
      type: 'array',
      minItems: 1,
      errorMessage: { type: 'must be a non-empty list', minItems: 'must be a non-empty list' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'description', 'purposeOfUse', 'defaultLawfulBasis', 'childName', 'showDateOfBirth', 'showIdentifiers', 'leaveOut'],
        properties: {
          $comment: { type: 'string' },
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', errorMessage: 'must be kebab-case' },
          label: text(120),
          description: text(1000),
          purposeOfUse: { enum: [...PURPOSES_OF_USE], errorMessage: `must be one of ${PURPOSES_OF_USE.join(', ')}` },
          defaultLawfulBasis: text(500),
          childName: { enum: ['full', 'initials'], errorMessage: 'must be "full" or "initials"' },
          showDateOfBirth: { type: 'boolean', errorMessage: 'must be true or false' },
          showIdentifiers: { type: 'boolean', errorMessage: 'must be true or false' },
          withheldNotices: { default: 'itemised', enum: [...WITHHELD_NOTICES], errorMessage: `must be ${WITHHELD_NOTICES.map((value) => `"${value}"`).join(' or ')}` },
          leaveOut: {
            type: 'array',
            errorMessage: { type: 'must be a list of rules (it may be empty)' },
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['fields'],
              properties: {
                $comment: { type: 'string' },
                fields: {
                  type: 'array',
                  minItems: 1,
                  items: { title: 'field', enum: [...READABLE_ENTRY_FIELDS, 'everything'] },
                  errorMessage: { type: 'must list the entry fields to leave out (or "everything")', minItems: 'must list the entry fields to leave out (or "everything")' },
                },
                when: {
                  type: 'object',
                  additionalProperties: false,
                  properties: {
                    $comment: { type: 'string' },
                    namesThirdParties: { type: 'boolean', errorMessage: 'must be true or false' },
                    sourceAgencyType: words(AGENCY_TYPES),
                    sensitivity: words(SENSITIVITIES),
                  },
                  errorMessage: { type: 'must be an object of conditions' },
                },
              },
              errorMessage: { type: 'is not an object', required: { fields: 'must list the entry fields to leave out (or "everything")' } },
            },
          },
        },
        errorMessage: { type: 'is not an object' },
      },
    },
  },
  errorMessage: { type: 'must hold a JSON object', required: { version: 'must be 1', audiences: 'must be a non-empty list' } },
};

type Json = Record<string, unknown>;

/** Validates config/export-audiences.json, listing every problem. */
export function parseExportAudiences(raw: unknown, file: string): ExportAudience[] {
  const problems = schemaProblems(EXPORT_AUDIENCES_SCHEMA, raw);
  const audiences = ((raw as Json | null)?.audiences ?? []) as Json[];
  const seen = new Set<unknown>();
  audiences.forEach((audience, index) => {
    if (typeof audience?.id !== 'string') return;
    if (seen.has(audience.id)) problems.push({ path: ['audiences', index], text: ': id is used twice' });
    seen.add(audience.id);
  });
  if (problems.length > 0) throw new ExportAudiencesError(file, wordProblems(problems, (path) => placeIn(audiences, path)));
  return audiences.map((audience) => ({
    ...(audience as unknown as ExportAudience),
    leaveOut: (audience.leaveOut as { fields: string[]; when?: LeaveOutRule['when'] }[]).map(({ fields, when }) => ({
      fields: fields.includes('everything') ? [...READABLE_ENTRY_FIELDS] : (fields as ReadableEntryField[]),
      when: when ?? {},
    })),
  }));
}

/** 'audience "family-copy": leaveOut 2: when.sensitivity' */
function placeIn(audiences: Json[], path: (string | number)[]): string {
  const [top, index, key, rule, ...rest] = path;
  if (top !== 'audiences' || typeof index !== 'number') return path.length === 0 ? 'the file' : path.join('.');
  const id = audiences[index]?.id;
  const audience = typeof id === 'string' ? `audience ${JSON.stringify(id)}` : `audience ${index}`;
  if (key === undefined) return audience;
  if (key !== 'leaveOut' || rule === undefined) return `${audience}: ${key}`;
  const within = rest.filter((segment) => typeof segment === 'string');
  return `${audience}: leaveOut ${rule}${within.length > 0 ? `: ${within.join('.')}` : ''}`;
}

/**
 * The audience a subject access pack applies (src/subject-access). No chronology is printed for
 * it: a pack adds the recording agencies' exemptions and the releases of entries naming other
 * people, which a print would not, so it is not offered to those who print.
 */
export const DATA_SUBJECT_AUDIENCE = 'data-subject';

/** config/export-audiences.json, read once at start-up. */
@Injectable()
export class ExportAudiencesService {
  private readonly byId: ReadonlyMap<string, ExportAudience>;
  /** The data-subject audience: the server does not start without it. */
  readonly dataSubject: ExportAudience;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles, vocabularies: Vocabularies) {
    const raw = files.readJson(config.configDir, 'export-audiences.json', (file, problems) => new ExportAudiencesError(file, problems));
    const file = path.join(config.configDir, 'export-audiences.json');
    const audiences = parseExportAudiences(raw, file);
    const dataSubject = audiences.find((audience) => audience.id === DATA_SUBJECT_AUDIENCE);
    if (!dataSubject) throw new ExportAudiencesError(file, [`audience "${DATA_SUBJECT_AUDIENCE}" is missing: subject access packs apply its profile (docs/subject-access.md)`]);
    this.dataSubject = dataSubject;
    this.byId = new Map(audiences.filter((audience) => audience !== dataSubject).map((audience) => [audience.id, audience]));
    vocabularies.register('export-audience', fixedVocabulary('audience', [...this.byId.keys()], 'GET /api/export-audiences'));
  }

  all(): ExportAudience[] {
    return [...this.byId.values()];
  }

  find(id: string): ExportAudience | undefined {
    return this.byId.get(id);
  }
}
