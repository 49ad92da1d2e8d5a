import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error';
import { IS_PUBLIC } from '../common/public.decorator';
import type { ChronicleRequest } from '../common/request-context';
import { AuditService } from '../audit/audit.service';
import type { Principal } from './principal';
import { PrincipalResolver } from './principal-resolver.service';
import './session-data';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Global: every route needs a caller unless marked @Public(). API clients send a bearer token;
 * browsers carry the server-side session established by /auth/login.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
    private readonly audit: AuditService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<ChronicleRequest>();
    try {
      if (req.headers.authorization !== undefined) return (await super.canActivate(context)) as boolean;
      const identity = req.session?.identity;
      if (!identity) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an access token as "Authorization: Bearer <token>"');
      rejectCrossSiteWrite(req);
      req.user = await this.resolver.resolve(identity.claims, 'session');
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'SERVICE_UNAVAILABLE') {
        await this.audit.recordAuthenticationFailure(req, error.code);
      }
      throw error;
    }
  }

  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new DomainError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <access token>"');
    return user;
  }
}

/** Session cookies are SameSite=Lax; this also refuses a cross-origin write that reached us with one. */
function rejectCrossSiteWrite(req: ChronicleRequest): void {
  if (!UNSAFE_METHODS.has(req.method)) return;
  const fetchSite = req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new DomainError('FORBIDDEN', 'Cross-site requests cannot change data');
  }
}
