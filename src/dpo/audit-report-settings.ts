import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { APP_CONFIG } from '../config/config.module';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Weekday = (typeof WEEKDAYS)[number];

interface AuditReportSettings {
  defaultPeriodDays: number;
  unusualVolume: { distinctChildren: number; windowMinutes: number };
  outOfHours: { timeZone: string; workingDays: Weekday[]; start: string; end: string };
}

class AuditReportSettingsError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid audit report settings in ${file}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AuditReportSettingsError';
  }
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
type Json = Record<string, unknown>;

/** Validates config/audit-reports.json, listing every problem so an operator fixes the file in one pass. */
function parseAuditReportSettings(raw: unknown, file: string): AuditReportSettings {
  const problems: string[] = [];
  const object = (value: unknown, where: string, keys: string[]): Json => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where} must be an object`);
      return {};
    }
    const unknown = Object.keys(value).filter((key) => key !== '$comment' && !keys.includes(key));
    if (unknown.length > 0) problems.push(`${where} has unknown keys ${unknown.map((key) => JSON.stringify(key)).join(', ')}`);
    return value as Json;
  };
  const whole = (value: unknown, where: string, min: number, max: number): number => {
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) problems.push(`${where} must be a whole number from ${min} to ${max}`);
    return value as number;
  };
  const top = object(raw, 'the file', ['version', 'defaultPeriodDays', 'unusualVolume', 'outOfHours']);
  if (top.version !== 1) problems.push('version must be 1');
  const volume = object(top.unusualVolume, 'unusualVolume', ['distinctChildren', 'windowMinutes']);
  const hours = object(top.outOfHours, 'outOfHours', ['timeZone', 'workingDays', 'start', 'end']);
  const settings: AuditReportSettings = {
    defaultPeriodDays: whole(top.defaultPeriodDays, 'defaultPeriodDays', 1, 3660),
    unusualVolume: { distinctChildren: whole(volume.distinctChildren, 'unusualVolume.distinctChildren', 2, 10_000), windowMinutes: whole(volume.windowMinutes, 'unusualVolume.windowMinutes', 1, 7 * 24 * 60) },
    outOfHours: hours as AuditReportSettings['outOfHours'],
  };
  if (typeof hours.timeZone !== 'string' || !isTimeZone(hours.timeZone)) problems.push('outOfHours.timeZone must be an IANA time zone such as Europe/London');
  if (!Array.isArray(hours.workingDays) || hours.workingDays.some((day) => !(WEEKDAYS as readonly unknown[]).includes(day))) {
    problems.push(`outOfHours.workingDays must list days from ${WEEKDAYS.join(', ')}`);
  }
  for (const key of ['start', 'end'] as const) {
    if (typeof hours[key] !== 'string' || !CLOCK_TIME.test(hours[key] as string)) problems.push(`outOfHours.${key} must be a time HH:MM`);
  }
  if (problems.length === 0 && (hours.start as string) >= (hours.end as string)) problems.push('outOfHours.start must be before outOfHours.end');
  if (problems.length > 0) throw new AuditReportSettingsError(file, problems);
  return settings;
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
