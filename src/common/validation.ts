import { ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidatorOptions } from 'class-validator';
import { DomainError, ErrorDetail } from './domain-error';

/** Unknown fields are rejected, not silently dropped, so a typo never loses data quietly. */
const VALIDATOR_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request is not valid', flattenValidationErrors(errors)),
  });
}

/**
 * What the validation pipe would answer for this body, for input that arrives by another way than
 * a request body (rows of an imported file): the same DTO, the same options, the same wording.
 */
export async function validationProblems<T extends object>(dtoClass: new () => T, plain: object): Promise<{ dto: T; problems: ErrorDetail[] }> {
  const dto = plainToInstance(dtoClass, plain);
  return { dto, problems: flattenValidationErrors(await validate(dto, VALIDATOR_OPTIONS)) };
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
    const typeFailures = failed.filter(([name]) => TYPE_CHECKS.has(name));
    const own = (typeFailures.length > 0 ? typeFailures : failed).map(([, problem]) => ({ field, problem }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
