import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { APP_CONFIG } from '../config/config.module';
import { describeUnknownCodes, Vocabularies } from '../common/request-checks';

export interface EventType {
  code: string;
  label: string;
  category: string;
}

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class TaxonomyError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid event taxonomy in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TaxonomyError';
  }
}

/** Validates the event-type taxonomy; a bad file stops start-up with every problem listed. */
export function parseEventTaxonomy(raw: unknown, file: string): EventType[] {
  const problems: string[] = [];
  if (!Array.isArray(raw) || raw.length === 0) throw new TaxonomyError(file, ['the file must hold a non-empty JSON array']);
  const seen = new Set<string>();
  raw.forEach((item: unknown, index) => {
    const entry = item as Partial<Record<keyof EventType, unknown>> | null;
    const where = `item ${index}`;
    if (typeof entry !== 'object' || entry === null) return problems.push(`${where} is not an object`);
    const unknownKeys = Object.keys(entry).filter((key) => !['code', 'label', 'category'].includes(key));
    if (unknownKeys.length > 0) problems.push(`${where} has unknown keys: ${unknownKeys.join(', ')}`);
    if (typeof entry.code !== 'string' || !CODE.test(entry.code)) problems.push(`${where}: code must be kebab-case`);
    else if (seen.has(entry.code)) problems.push(`${where}: code "${entry.code}" is repeated`);
    else seen.add(entry.code);
    if (typeof entry.label !== 'string' || entry.label.trim() === '' || entry.label.length > 120) problems.push(`${where}: label must be 1-120 characters`);
    if (typeof entry.category !== 'string' || !CODE.test(entry.category)) problems.push(`${where}: category must be kebab-case`);
    return undefined;
  });
  if (problems.length > 0) throw new TaxonomyError(file, problems);
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
