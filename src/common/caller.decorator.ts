import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { DomainError } from './domain-error';
import type { ChronicleRequest } from './request-context';

/** Who is asking, plus what the audit trail needs to know about the request. */
export interface Caller {
  user: Principal;
  correlationId: string;
  clientAddress: string | null;
}

export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<ChronicleRequest>();
  if (!req.user) throw new DomainError('UNAUTHENTICATED', 'Authentication is required');
  return { user: req.user, correlationId: req.correlationId, clientAddress: req.ip ?? null };
});
