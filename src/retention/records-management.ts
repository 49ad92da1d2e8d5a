import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { AGENCY_TYPES, AgencyType } from '../agencies/agency.entity';
import { EventTaxonomyService } from '../chronology/event-taxonomy.service';
import { fixedVocabulary, Vocabularies } from '../common/request-checks';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { ConfigFileError, ConfigProblem, JsonSchema, schemaProblems, wordProblems } from '../config/config-schema';
import { APP_CONFIG } from '../config/config.module';

/**
 * config/records-management.json: why each agency type processes what it does (the lawful bases)
 * and how long each kind of record is kept (the retention classes). The record of processing is
 * generated from it (src/dpo/record-of-processing.ts); the retention review applies its classes.
 */

/**
 * until-birthday: to the child's `age`th birthday. years-after-last-entry: `years` after the
 * latest event in the class. until-birthday-if-last-entry-from-age: to the `age`th birthday where
 * the latest event in the class happened when the child was `fromAge` or older (the NHS rule for a
 * young person of 17 at the end of treatment). A class keeps its records until the latest of its rules.
 */
export type RetentionRule =
  | { kind: 'until-birthday'; age: number }
  | { kind: 'years-after-last-entry'; years: number }
  | { kind: 'until-birthday-if-last-entry-from-age'; age: number; fromAge: number };
export const RETENTION_RULE_KINDS = ['until-birthday', 'years-after-last-entry', 'until-birthday-if-last-entry-from-age'] as const;

export interface RetentionClass {
  id: string;
  label: string;
  /** Both narrow: an entry from one of the agency types and of one of the event types; absent, any. */
  appliesTo: { agencyTypes?: AgencyType[]; eventTypes?: string[] };
  rules: RetentionRule[];
  /** The regulation or guidance the rule comes from, cited, or why none was found. */
  source: string;
}

export interface LawfulBasis {
  agencyTypes: AgencyType[];
  purpose: string;
  basis: string;
  specialCategory: string;
}

export interface RecordsManagement {
  controller: string;
  lawfulBases: LawfulBasis[];
  /** In order: an entry belongs to the first class that applies to it; the last applies to every entry. */
  retentionClasses: RetentionClass[];
}

export class RecordsManagementError extends ConfigFileError {
  constructor(file: string, problems: string[]) {
    super('records management settings', file, problems);
    this.name = 'RecordsManagementError';
  }
}

const text = (max: number): JsonSchema => ({ type: 'string', pattern: '\\S', maxLength: max, errorMessage: `must be text of 1 to ${max} characters` });
const agencyTypes: JsonSchema = { type: 'array', minItems: 1, items: { enum: [...AGENCY_TYPES] }, errorMessage: `must list agency types from ${AGENCY_TYPES.join(', ')}` };
const whole = (minimum: number, maximum: number): JsonSchema => ({ type: 'integer', minimum, maximum, errorMessage: `must be a whole number from ${minimum} to ${maximum}` });

/** The shape of config/records-management.json, as a JSON Schema (shipped as config/schemas/records-management.schema.json). */
export const RECORDS_MANAGEMENT_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chronicle.invalid/schemas/records-management.schema.json',
  title: 'Chronicle records management',
  description: 'Lawful bases per agency type and retention classes, each rule with its source (docs/retention.md, docs/record-of-processing.md).',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'controller', 'lawfulBases', 'retentionClasses'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    version: { const: 1, errorMessage: 'must be 1' },
    controller: text(300),
    lawfulBases: {
      type: 'array',
      minItems: 1,
      errorMessage: { type: 'must be a non-empty list', minItems: 'must be a non-empty list' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['agencyTypes', 'purpose', 'basis', 'specialCategory'],
        properties: { $comment: { type: 'string' }, agencyTypes, purpose: text(500), basis: text(500), specialCategory: text(500) },
        errorMessage: { type: 'is not an object' },
      },
    },
    retentionClasses: {
      type: 'array',
      minItems: 1,
      errorMessage: { type: 'must be a non-empty list', minItems: 'must be a non-empty list' },
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'label', 'appliesTo', 'rules', 'source'],
        properties: {
          $comment: { type: 'string' },
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', errorMessage: 'must be kebab-case' },
          label: text(200),
          appliesTo: {
            type: 'object',
            additionalProperties: false,
            properties: { agencyTypes, eventTypes: { type: 'array', minItems: 1, items: { type: 'string' }, errorMessage: 'must list event type codes' } },
            errorMessage: { type: 'must be an object of conditions (it may be empty)' },
          },
          rules: {
            type: 'array',
            minItems: 1,
            errorMessage: { type: 'must be a non-empty list of rules', minItems: 'must be a non-empty list of rules' },
            items: {
              type: 'object',
              required: ['kind'],
              properties: { kind: { enum: [...RETENTION_RULE_KINDS], errorMessage: `must be one of ${RETENTION_RULE_KINDS.join(', ')}` } },
              oneOf: [
                { additionalProperties: false, required: ['kind', 'age'], properties: { kind: { const: 'until-birthday' }, age: whole(1, 120) } },
                { additionalProperties: false, required: ['kind', 'years'], properties: { kind: { const: 'years-after-last-entry' }, years: whole(1, 150) } },
                {
                  additionalProperties: false,
                  required: ['kind', 'age', 'fromAge'],
                  properties: { kind: { const: 'until-birthday-if-last-entry-from-age' }, age: whole(1, 120), fromAge: whole(0, 119) },
                },
              ],
              errorMessage: { type: 'is not an object', required: 'must say its kind', oneOf: 'must be { kind, age }, { kind, years } or { kind, age, fromAge } as its kind needs' },
            },
          },
          source: text(1000),
        },
        errorMessage: { type: 'is not an object' },
      },
    },
  },
  errorMessage: { type: 'must hold a JSON object' },
};

type Json = Record<string, unknown>;

/** Validates config/records-management.json, listing every problem; `eventTypes` are the taxonomy's codes. */
export function parseRecordsManagement(raw: unknown, file: string, eventTypes: ReadonlySet<string>): RecordsManagement {
  const problems: ConfigProblem[] = schemaProblems(RECORDS_MANAGEMENT_SCHEMA, raw);
  const classes = (((raw as Json | null)?.retentionClasses ?? []) as Json[]).filter((item) => typeof item === 'object' && item !== null);
  const seen = new Set<unknown>();
  classes.forEach((retentionClass, index) => {
    if (seen.has(retentionClass.id)) problems.push({ path: ['retentionClasses', index], text: ': id is used twice' });
    seen.add(retentionClass.id);
    const unknown = ((retentionClass.appliesTo as Json | undefined)?.eventTypes as unknown[] | undefined)?.filter((code) => typeof code !== 'string' || !eventTypes.has(code)) ?? [];
    if (unknown.length > 0) problems.push({ path: ['retentionClasses', index, 'appliesTo'], text: `: unknown event types ${unknown.map((code) => JSON.stringify(code)).join(', ')}` });
  });
  const last = classes[classes.length - 1]?.appliesTo as Json | undefined;
  if (classes.length > 0 && last && Object.keys(last).some((key) => key !== '$comment')) {
    problems.push({ path: ['retentionClasses', classes.length - 1], text: ': the last class must apply to every entry ("appliesTo": {}), so no entry is left without a retention rule' });
  }
  if (problems.length > 0) throw new RecordsManagementError(file, wordProblems(problems, (place) => placeIn(classes, place)));
  const settings = raw as Json;
  return {
    controller: settings.controller as string,
    lawfulBases: settings.lawfulBases as LawfulBasis[],
    retentionClasses: classes.map(({ $comment: _comment, ...retentionClass }) => retentionClass as unknown as RetentionClass),
  };
}

function placeIn(classes: Json[], place: (string | number)[]): string {
  const [top, index, ...rest] = place;
  if (top !== 'retentionClasses' || typeof index !== 'number') return place.length === 0 ? 'the file' : place.join('.');
  const id = classes[index]?.id;
  const name = typeof id === 'string' ? `retention class ${JSON.stringify(id)}` : `retention class ${index}`;
  const within = rest.filter((segment) => typeof segment === 'string');
  return within.length > 0 ? `${name}: ${within.join('.')}` : name;
}

/** The class an entry belongs to: the first that applies. */
export function retentionClassFor(classes: RetentionClass[], entry: { agencyType: AgencyType; eventType: string }): RetentionClass {
  const found = classes.find(
    ({ appliesTo }) => (!appliesTo.agencyTypes || appliesTo.agencyTypes.includes(entry.agencyType)) && (!appliesTo.eventTypes || appliesTo.eventTypes.includes(entry.eventType)),
  );
  // parseRecordsManagement makes the last class apply to every entry.
  return found ?? classes[classes.length - 1];
}

/** The same day `years` on; 29 February becomes 28 February in a year that has none. */
export function addYears(date: string, years: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = year + years;
  const lastDay = new Date(Date.UTC(target, month, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/**
 * When a child's records in a class reach review: the latest date any of its rules keeps them to.
 * `lastEventDate` is the latest event date of the child's entries in the class.
 */
export function reviewDate(retentionClass: RetentionClass, facts: { childDateOfBirth: string; lastEventDate: string }): string {
  const dates = retentionClass.rules.map((rule) => {
    switch (rule.kind) {
      case 'until-birthday':
        return addYears(facts.childDateOfBirth, rule.age);
      case 'years-after-last-entry':
        return addYears(facts.lastEventDate, rule.years);
      case 'until-birthday-if-last-entry-from-age':
        return facts.lastEventDate >= addYears(facts.childDateOfBirth, rule.fromAge) ? addYears(facts.childDateOfBirth, rule.age) : '0000-01-01';
    }
  });
  return dates.reduce((latest, date) => (date > latest ? date : latest));
}

/** A rule in words, for the record of processing and the review list. */
export function describeRule(rule: RetentionRule): string {
  switch (rule.kind) {
    case 'until-birthday':
      return `until the child's ${ordinal(rule.age)} birthday`;
    case 'years-after-last-entry':
      return `${rule.years} years after the last entry`;
    case 'until-birthday-if-last-entry-from-age':
      return `until the child's ${ordinal(rule.age)} birthday if the last entry was made when they were ${rule.fromAge} or older`;
  }
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** config/records-management.json, read once at start-up. */
@Injectable()
export class RecordsManagementService {
  readonly settings: RecordsManagement;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles, taxonomy: EventTaxonomyService, vocabularies: Vocabularies) {
    const raw = files.readJson(config.configDir, 'records-management.json', (file, problems) => new RecordsManagementError(file, problems));
    this.settings = parseRecordsManagement(raw, path.join(config.configDir, 'records-management.json'), new Set(taxonomy.all().map((type) => type.code)));
    const classes = this.settings.retentionClasses.map((retentionClass) => retentionClass.id);
    vocabularies.register('retention-class', fixedVocabulary('retention class', classes, 'GET /api/record-of-processing'));
  }
}
