import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error';
import { formBodyProblems } from '../common/validation';

/**
 * A posted form's body for a page that checks every field it reads with the API's DTO: a NUL in
 * a field is then that field's problem, listed in the error summary with the form's others,
 * rather than a separate "could not be sent" page (what `@Body()` gives, through the global
 * validation pipe, which a custom parameter passes by). A field named after a member of
 * Object.prototype is still refused outright.
 */
export const FormBody = createParamDecorator((_data: unknown, context: ExecutionContext): Record<string, unknown> => {
  const body = (context.switchToHttp().getRequest<Request>().body ?? {}) as Record<string, unknown>;
  const problems = formBodyProblems(body);
  if (problems.length > 0) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', problems);
  return body;
});
