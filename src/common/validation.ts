import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidatorOptions } from 'class-validator';
import { DomainError, ErrorDetail } from './domain-error';
import { requestCheckProblems, Vocabularies } from './request-checks';

/**
 * The one gate every body, query and path parameter passes. Unknown fields are rejected, not
 * silently dropped, so a typo never loses data quietly; every problem of a request is reported at
 * once; and what reaches a service is what its DTO's types say: an optional field given as null is
 * taken as left out (except where a DTO says null clears a field, see NullClearsFields).
 */
export function createValidationPipe(vocabularies: Vocabularies): ValidationPipe {
  return new RequestValidationPipe(vocabularies);
}

/** class-validator's findings, with the object it checked, for the request checks to look at too. */
class FieldProblems extends Error {
  constructor(
    readonly checked: unknown,
    readonly details: ErrorDetail[],
  ) {
    super('The request is not valid');
  }
}

/** Unknown fields are rejected, not silently dropped, so a typo never loses data quietly. */
const VALIDATOR_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

class RequestValidationPipe extends ValidationPipe {
  constructor(private readonly vocabularies: Vocabularies) {
    super({
      ...VALIDATOR_OPTIONS,
      transform: true,
      // The checked object and each failing value: the request checks look at the one, "is required" at the other.
      validationError: { target: true, value: true },
      exceptionFactory: (errors) => new FieldProblems(errors[0]?.target, flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A custom parameter (the caller) is the server's own making, not the request's.
    if (metadata.type === 'custom') return value;
    const problems = inputProblems(value, typeof value === 'string' ? (metadata.data ?? '') : '');
    // A path parameter's problem is the whole message, as every other refused path parameter's is.
    if (metadata.type === 'param' && problems.length > 0) throw new DomainError('VALIDATION_FAILED', problems[0].problem, problems);
    let checked: unknown;
    try {
      checked = await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof FieldProblems)) throw error;
      checked = error.checked;
      addProblems(problems, error.details);
    }
    checked = withoutNulls(checked);
    addProblems(problems, await requestCheckProblems(checked, this.vocabularies, new Set(problems.map((detail) => detail.field))));
    if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', problems);
    return checked;
  }
}

const NULL_CLEARS = Symbol('nullClearsFields');

/** On a DTO class: null for one of its fields is a value ("clear it"), not "left out". */
export function NullClearsFields(): ClassDecorator {
  return (target) => {
    Object.defineProperty(target.prototype, NULL_CLEARS, { value: true });
  };
}

/**
 * Problems class-transformer and PostgreSQL would otherwise hide or turn into a 500, found in the
 * input as sent: a key named after a member of Object.prototype (`toString`, `hasOwnProperty`, ...),
 * which class-transformer skips without a word, so the whitelist never sees it; and a NUL, which no
 * PostgreSQL text can hold.
 */
function inputProblems(value: unknown, path = '', nul = true): ErrorDetail[] {
  if (typeof value === 'string') {
    return nul && value.includes('\u0000') ? [{ field: path || undefined, problem: `${path || 'the value'} must not contain the NUL character` }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => inputProblems(item, joinPath(path, String(index)), nul));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const field = joinPath(path, key);
    if (Object.prototype.hasOwnProperty.call(Object.prototype, key)) return [{ field, problem: `${field} is not a field of this request` }];
    return inputProblems(item, field, nul);
  });
}

/**
 * A page form's body as posted, before the page reads it: only a field named after a member of
 * Object.prototype is refused here. A NUL is left to the page, whose check of the form with the
 * API's DTO (ApiFormValidation, the same pipe) reports it beside its field with the form's other
 * problems; so a page takes its body this way (FormBody) only if every field it reads goes
 * through that check.
 */
export function formBodyProblems(body: unknown): ErrorDetail[] {
  return inputProblems(body, '', false);
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Nulls are left only where validation let them through: optional fields. Those become absent. */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) {
    value.forEach(withoutNulls);
    return value;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  const keepNulls = (value as Record<symbol, unknown>)[NULL_CLEARS] === true;
  for (const [key, item] of Object.entries(value)) {
    if (item === null && !keepNulls) delete (value as Record<string, unknown>)[key];
    else withoutNulls(item);
  }
  return value;
}

/** One stage's problem with a field is enough: a NUL in a code need not also be reported as an unknown code. */
function addProblems(problems: ErrorDetail[], more: ErrorDetail[]): void {
  const named = new Set(problems.map((detail) => detail.field));
  problems.push(...more.filter((detail) => !named.has(detail.field)));
}

/**
 * What the validation pipe would answer for this body, for input that arrives by another way than
 * a request body (rows of an imported file): the same DTO, the same options, the same wording.
 */
export async function validationProblems<T extends object>(dtoClass: new () => T, plain: object): Promise<{ dto: T; problems: ErrorDetail[] }> {
  const problems = inputProblems(plain);
  const dto = plainToInstance(dtoClass, plain);
  addProblems(problems, flattenValidationErrors(await validate(dto, VALIDATOR_OPTIONS)));
  return { dto: withoutNulls(dto), problems };
}

/**
 * The checks that say what kind of value a field takes. When one of them fails, the others (a
 * length, a range) only confuse: "limit must not be greater than 500" for limit=abc.
 */
const TYPE_CHECKS = new Set([
  'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isUuid', 'isUUID', 'isIn', 'isEnum', 'isObject', 'isDateString',
  'isCleanText', 'isCalendarDate', 'isAuditTime', 'whitelistValidation', 'nestedValidation',
]);

function flattenValidationErrors(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const failed = Object.entries(error.constraints ?? {});
    if (failed.length > 0 && !('whitelistValidation' in (error.constraints ?? {}))) {
      if (error.value === undefined) return [{ field, problem: `${field} is required` }];
      if (error.value === null) return [{ field, problem: `${field} must have a value, not null` }];
    }
    const typeFailures = failed.filter(([name]) => TYPE_CHECKS.has(name));
    const own = (typeFailures.length > 0 ? typeFailures : failed).map(([name, problem]) => ({
      field,
      problem: name === 'whitelistValidation' ? `${field} is not a field of this request` : problem,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
