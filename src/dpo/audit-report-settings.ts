import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { ConfigFileError, JsonSchema, schemaProblems, wordProblems } from '../config/config-schema';
import { APP_CONFIG } from '../config/config.module';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface AuditReportSettings {
  defaultPeriodDays: number;
  unusualVolume: { distinctChildren: number; windowMinutes: number };
  outOfHours: { timeZone: string; workingDays: Weekday[]; start: string; end: string };
}

class AuditReportSettingsError extends ConfigFileError {
  constructor(file: string, problems: string[]) {
    super('audit report settings', file, problems);
    this.name = 'AuditReportSettingsError';
  }
}

const whole = (min: number, max: number): JsonSchema => ({ type: 'integer', minimum: min, maximum: max, errorMessage: `must be a whole number from ${min} to ${max}` });
const clockTime: JsonSchema = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', errorMessage: 'must be a time HH:MM' };

/** The shape of config/audit-reports.json, as a JSON Schema (shipped as config/schemas/audit-reports.schema.json). */
export const AUDIT_REPORTS_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://chronicle.invalid/schemas/audit-reports.schema.json',
  title: "Chronicle audit report settings",
  description: "Thresholds of the data protection officer's audit reports (docs/audit.md).",
  type: 'object',
  additionalProperties: false,
  required: ['version', 'defaultPeriodDays', 'unusualVolume', 'outOfHours'],
  properties: {
    $schema: { type: 'string' },
    $comment: { type: 'string' },
    version: { const: 1, errorMessage: 'must be 1' },
    defaultPeriodDays: whole(1, 3660),
    unusualVolume: {
      type: 'object',
      additionalProperties: false,
      required: ['distinctChildren', 'windowMinutes'],
      properties: { $comment: { type: 'string' }, distinctChildren: whole(2, 10_000), windowMinutes: whole(1, 7 * 24 * 60) },
      errorMessage: { type: 'must be an object' },
    },
    outOfHours: {
      type: 'object',
      additionalProperties: false,
      required: ['timeZone', 'workingDays', 'start', 'end'],
      properties: {
        $comment: { type: 'string' },
        timeZone: { type: 'string', errorMessage: 'must be an IANA time zone such as Europe/London' },
        workingDays: { type: 'array', items: { enum: [...WEEKDAYS] }, errorMessage: `must list days from ${WEEKDAYS.join(', ')}` },
        start: clockTime,
        end: clockTime,
      },
      errorMessage: { type: 'must be an object' },
    },
  },
  errorMessage: { type: 'must be an object', required: { version: 'must be 1' } },
};

/** Validates config/audit-reports.json, listing every problem so an operator fixes the file in one pass. */
function parseAuditReportSettings(raw: unknown, file: string): AuditReportSettings {
  const problems = schemaProblems(AUDIT_REPORTS_SCHEMA, raw);
  const settings = raw as AuditReportSettings;
  const hours = settings?.outOfHours;
  if (typeof hours?.timeZone === 'string' && !isTimeZone(hours.timeZone)) problems.push({ path: ['outOfHours', 'timeZone'], text: 'must be an IANA time zone such as Europe/London' });
  if (problems.length === 0 && hours.start >= hours.end) problems.push({ path: ['outOfHours', 'start'], text: 'must be before outOfHours.end' });
  if (problems.length > 0) throw new AuditReportSettingsError(file, wordProblems(problems, (path) => (path.length === 0 ? 'the file' : path.join('.'))));
  const { distinctChildren, windowMinutes } = settings.unusualVolume;
  return { defaultPeriodDays: settings.defaultPeriodDays, unusualVolume: { distinctChildren, windowMinutes }, outOfHours: settings.outOfHours };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** config/audit-reports.json, read once at start-up. */
@Injectable()
export class AuditReportSettingsService {
  readonly settings: AuditReportSettings;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles) {
    const raw = files.readJson(config.configDir, 'audit-reports.json', (file, problems) => new AuditReportSettingsError(file, problems));
    this.settings = parseAuditReportSettings(raw, path.join(config.configDir, 'audit-reports.json'));
  }
}
