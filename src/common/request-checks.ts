import { Global, Injectable, Module } from '@nestjs/common';
import type { ErrorDetail } from './domain-error';

/**
 * Checks of a request that class-validator's field decorators cannot express: a code that must be
 * one the service knows (an event type, an agency, an audience), and rules across fields. They run
 * in the validation pipe beside the field checks, so a request's problems are reported together,
 * never one stage at a time.
 */

/** The codes a field may take, known to a service: the event-type taxonomy, the agencies, the export audiences, the audit trail's actions. */
export interface Vocabulary {
  /** Those of `codes` it does not hold. */
  unknown(codes: string[]): Promise<string[]>;
  /** The problem in plain words: the unknown codes, and the valid ones (or where they are listed). */
  problem(field: string, unknown: string[]): Promise<string>;
}

export type VocabularyName = 'event-type' | 'agency' | 'export-audience' | 'retention-class' | 'audit-action';

/** A number from a service's configuration that a rule across fields reads: the access policy's shortest reason for a claim. */
export type SettingName = 'claim-reason-minimum-length';

/** What a rule across fields may read besides the request: settings of the configuration in force. */
export interface RequestSettings {
  setting(name: SettingName): number;
}

/**
 * Where each domain registers its vocabulary, and the settings its rules read, for the validation
 * pipe; one per application.
 */
@Injectable()
export class Vocabularies implements RequestSettings {
  private readonly byName = new Map<VocabularyName, Vocabulary>();
  private readonly settings = new Map<SettingName, () => number>();

  register(name: VocabularyName, vocabulary: Vocabulary): void {
    this.byName.set(name, vocabulary);
  }

  get(name: VocabularyName): Vocabulary {
    const vocabulary = this.byName.get(name);
    if (!vocabulary) throw new Error(`No vocabulary "${name}" is registered`);
    return vocabulary;
  }

  registerSetting(name: SettingName, read: () => number): void {
    this.settings.set(name, read);
  }

  setting(name: SettingName): number {
    const read = this.settings.get(name);
    if (!read) throw new Error(`No setting "${name}" is registered`);
    return read();
  }
}

@Global()
@Module({ providers: [Vocabularies], exports: [Vocabularies] })
export class RequestChecksModule {}

/** Lists the valid codes when they are few enough to read, otherwise says where they are listed. */
export function describeUnknownCodes(what: string, unknown: string[], valid: string[], listedAt: string): string {
  const known = valid.length <= 12 ? `; the ${what} codes are ${valid.join(', ')}` : `; see ${listedAt}`;
  return `no such ${what}: ${unknown.join(', ')}${known}`;
}

/** The vocabulary of a list of codes fixed when the configuration is read (export audiences, retention classes). */
export function fixedVocabulary(what: string, codes: readonly string[], listedAt: string): Vocabulary {
  const known = new Set(codes);
  return {
    unknown: async (given) => given.filter((code) => !known.has(code)),
    problem: async (_field, unknown) => describeUnknownCodes(what, unknown, [...codes], listedAt),
  };
}

const KNOWN_CODES = Symbol('knownCodes');
const CROSS_FIELD_CHECKS = Symbol('crossFieldChecks');

type KnownCodeFields = Map<string, VocabularyName>;
type CrossFieldCheck = (dto: Record<string, unknown>, settings: RequestSettings) => ErrorDetail[];

/** A class made from another (by PartialType, say) takes its codes' vocabularies too. */
export function InheritKnownCodes(from: abstract new () => object): ClassDecorator {
  return (target) => {
    const inherited = Reflect.getMetadata(KNOWN_CODES, from.prototype) as KnownCodeFields | undefined;
    if (inherited) Reflect.defineMetadata(KNOWN_CODES, new Map([...inherited, ...((Reflect.getMetadata(KNOWN_CODES, target.prototype) as KnownCodeFields | undefined) ?? [])]), target.prototype);
  };
}

/** The field holds a code (or a list of codes) of the named vocabulary. Checked only once it has the right shape. */
export function IsKnownCode(vocabulary: VocabularyName): PropertyDecorator {
  return (target, property) => {
    const fields: KnownCodeFields = new Map(Reflect.getMetadata(KNOWN_CODES, target) as KnownCodeFields | undefined);
    fields.set(String(property), vocabulary);
    Reflect.defineMetadata(KNOWN_CODES, fields, target);
  };
}

/**
 * A rule across the fields of a DTO (or a rule of one field that reads a setting of the
 * configuration). It sees the request as sent (nulls already taken as absent), whatever its fields'
 * own checks found, so it must look at a field's type before using it. Every rule reports every
 * problem it finds, not the first: the pipe reports them all together.
 */
export function CrossFieldCheck<T>(check: (dto: Partial<T>, settings: RequestSettings) => ErrorDetail[]): ClassDecorator {
  return (target) => {
    const checks = (Reflect.getOwnMetadata(CROSS_FIELD_CHECKS, target) as CrossFieldCheck[] | undefined) ?? [];
    Reflect.defineMetadata(CROSS_FIELD_CHECKS, [...checks, check as CrossFieldCheck], target);
  };
}

/**
 * The problems the registered checks find in a DTO and the DTOs nested in it, fields named from the
 * top. A code is looked up only in a field with no problem yet: a value already refused (a NUL in
 * it, say) is never sent to a vocabulary's database.
 */
export async function requestCheckProblems(value: unknown, vocabularies: Vocabularies, refused: ReadonlySet<string | undefined>, path = ''): Promise<ErrorDetail[]> {
  if (Array.isArray(value)) {
    return (await Promise.all(value.map((item, index) => requestCheckProblems(item, vocabularies, refused, join(path, String(index)))))).flat();
  }
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) === Object.prototype) return [];
  const dto = value as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  for (const check of crossFieldChecksOf(dto.constructor)) problems.push(...check(dto, vocabularies).map((detail) => ({ ...detail, field: detail.field && join(path, detail.field) })));
  const knownCodes = (Reflect.getMetadata(KNOWN_CODES, Object.getPrototypeOf(dto) as object) as KnownCodeFields | undefined) ?? new Map<string, VocabularyName>();
  for (const [property, name] of knownCodes) {
    const given = dto[property];
    const codes = typeof given === 'string' ? [given] : Array.isArray(given) && given.every((code) => typeof code === 'string') ? (given as string[]) : [];
    const field = join(path, property);
    if (codes.length === 0 || [...refused].some((named) => named === field || named?.startsWith(`${field}.`))) continue;
    const vocabulary = vocabularies.get(name);
    const unknown = await vocabulary.unknown(codes);
    if (unknown.length > 0) problems.push({ field, problem: await vocabulary.problem(field, unknown) });
  }
  for (const [property, nested] of Object.entries(dto)) {
    if (typeof nested === 'object' && nested !== null) problems.push(...(await requestCheckProblems(nested, vocabularies, refused, join(path, property))));
  }
  return problems;
}

/** A DTO's own rules and those of the classes it extends. */
function crossFieldChecksOf(constructor: unknown): CrossFieldCheck[] {
  const checks: CrossFieldCheck[] = [];
  for (let type = constructor; typeof type === 'function' && type !== Function.prototype; type = Object.getPrototypeOf(type)) {
    checks.push(...((Reflect.getOwnMetadata(CROSS_FIELD_CHECKS, type) as CrossFieldCheck[] | undefined) ?? []));
  }
  return checks;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
