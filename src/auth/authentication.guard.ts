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
    const presentedToken = req.headers.authorization !== undefined;
    try {
      if (presentedToken) await super.canActivate(context);
      else req.user = await this.fromSession(req);
    } catch (error) {
      if (error instanceof DomainError && isRefusedCredential(error, presentedToken)) {
        // Past the limit the refusal is a 429 and is not audited one by one: a flood of bad tokens
        // must not become a flood of audit rows. Good credentials are never held back by it.
        if (presentedToken) this.limits.countFailedAuthentication(req.ip ?? 'unknown');
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

/**
 * A credential that was presented and refused. Arriving with neither a token nor a signed-in
 * session claims no identity (an expired browser session, a probe): nothing to audit or count.
 * The provider being unreachable is our failure, not the caller's.
 */
function isRefusedCredential(error: DomainError, presentedToken: boolean): boolean {
  if (error.code === 'SERVICE_UNAVAILABLE' || error.code === 'RATE_LIMITED') return false;
  return presentedToken || error.code !== 'UNAUTHENTICATED';
}

/** Session cookies are SameSite=Lax; this also refuses a cross-origin write that reached us with one. */
function rejectCrossSiteWrite(req: ChronicleRequest): void {
  if (!UNSAFE_METHODS.has(req.method)) return;
  const fetchSite = req.header('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new DomainError('FORBIDDEN', 'Cross-site requests cannot change data');
  }
}
