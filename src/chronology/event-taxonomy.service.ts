import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { ConfigFileError, JsonSchema, schemaProblems, wordProblems } from '../config/config-schema';
import { APP_CONFIG } from '../config/config.module';
import { describeUnknownCodes, Vocabularies } from '../common/request-checks';

export interface EventType {
  code: string;
  label: string;
  category: string;
}

const KEBAB = '^[a-z0-9]+(-[a-z0-9]+)*$';

/** The shape of config/event-types.json, as a JSON Schema (shipped as config/schemas/event-types.schema.json). */
export const EVENT_TYPES_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chronicle.invalid/schemas/event-types.schema.json',
  title: 'Chronicle event types',
  description: 'The taxonomy chronology entries are recorded against; a code retired from it still reads sensibly in old entries.',
  type: 'array',
  minItems: 1,
  errorMessage: { type: 'must hold a non-empty JSON array', minItems: 'must hold a non-empty JSON array' },
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'label', 'category'],
    properties: {
      code: { type: 'string', pattern: KEBAB, errorMessage: 'must be kebab-case' },
      label: { type: 'string', pattern: '\\S', maxLength: 120, errorMessage: 'must be 1-120 characters' },
      category: { type: 'string', pattern: KEBAB, errorMessage: 'must be kebab-case' },
    },
    errorMessage: { type: 'is not an object', required: { code: 'must be kebab-case', label: 'must be 1-120 characters', category: 'must be kebab-case' } },
  },
};

export class TaxonomyError extends ConfigFileError {
  constructor(file: string, problems: string[]) {
    super('event taxonomy', file, problems);
    this.name = 'TaxonomyError';
  }
}

/** Validates the event-type taxonomy; a bad file stops start-up with every problem listed. */
export function parseEventTaxonomy(raw: unknown, file: string): EventType[] {
  const problems = schemaProblems(EVENT_TYPES_SCHEMA, raw);
  const seen = new Set<unknown>();
  (Array.isArray(raw) ? raw : []).forEach((item: Partial<EventType> | null, index) => {
    if (typeof item?.code !== 'string') return;
    if (seen.has(item.code)) problems.push({ path: [index, 'code'], text: `${JSON.stringify(item.code)} is repeated` });
    seen.add(item.code);
  });
  if (problems.length > 0) throw new TaxonomyError(file, wordProblems(problems, ([index, property]) => (index === undefined ? 'the file' : `item ${index}${property ? `: ${property}` : ''}`)));
  return raw as EventType[];
}

/** The configurable event-type taxonomy (config/event-types.json). */
@Injectable()
export class EventTaxonomyService {
  private readonly byCode: ReadonlyMap<string, EventType>;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles, vocabularies: Vocabularies) {
    const raw = files.readJson(config.configDir, 'event-types.json', (file, problems) => new TaxonomyError(file, problems));
    this.byCode = new Map(parseEventTaxonomy(raw, path.join(config.configDir, 'event-types.json')).map((type) => [type.code, type]));
    vocabularies.register('event-type', {
      unknown: async (codes) => codes.filter((code) => !this.byCode.has(code)),
      problem: async (_field, unknown) => this.unknownProblem(unknown),
    });
  }

  /** Names the unknown codes; a label given where its code belongs is answered with the code. */
  private unknownProblem(unknown: string[]): string {
    const byLabel = new Map(this.all().map((type) => [type.label.toLowerCase(), type.code]));
    const labels = unknown.flatMap((given) => {
      const code = byLabel.get(given.trim().toLowerCase());
      return code ? [`"${given}" is the label of ${code}`] : [];
    });
    const hint = labels.length > 0 ? `; give the code, not the label (${labels.join('; ')})` : '';
    return `${describeUnknownCodes('event type', unknown, this.all().map((type) => type.code), 'GET /api/event-types for the codes')}${hint}`;
  }

  all(): EventType[] {
    return [...this.byCode.values()];
  }

  find(code: string): EventType | undefined {
    return this.byCode.get(code);
  }
}
