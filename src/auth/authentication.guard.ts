import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error';
import { IS_PUBLIC } from '../common/public.decorator';
import type { ChronicleRequest } from '../common/request-context';
import { AuditService } from '../audit/audit.service';
import { RateLimits } from '../rate-limit/rate-limits';
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
    private readonly limits: RateLimits,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<ChronicleRequest>();
    const address = req.ip ?? 'unknown';
    try {
      this.limits.assertNotTurnedAway(address);
      if (req.headers.authorization !== undefined) await super.canActivate(context);
      else req.user = await this.fromSession(req);
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'SERVICE_UNAVAILABLE' && error.code !== 'RATE_LIMITED') {
        this.limits.recordFailedAuthentication(address);
        await this.audit.recordAuthenticationFailure(req, error.code);
      }
      throw error;
    }
    this.limits.assertApiRequest(req.user!.subject);
    return true;
  }

  private async fromSession(req: ChronicleRequest): Promise<Principal> {
    const identity = req.session?.identity;
    if (!identity) throw new DomainError('UNAUTHENTICATED', 'Sign in, or send an access token as "Authorization: Bearer <token>"');
    rejectCrossSiteWrite(req);
    return this.resolver.resolve(identity.claims, 'session');
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
