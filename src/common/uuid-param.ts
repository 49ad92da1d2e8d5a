import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './domain-error';

/** A route id that must be a UUID; anything else is a 400 that names the parameter. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new DomainError('VALIDATION_FAILED', `${name} must be a UUID`, [{ field: name, problem: `${name} must be a UUID` }]) }));
