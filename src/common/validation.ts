import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorDetail } from './domain-error';

/** Unknown fields are rejected, not silently dropped, so a typo never loses data quietly. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'The request is not valid', flattenValidationErrors(errors)),
  });
}

function flattenValidationErrors(errors: ValidationError[], parentPath = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}
