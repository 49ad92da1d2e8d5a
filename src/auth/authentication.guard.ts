import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../common/domain-error';
import { IS_PUBLIC } from '../common/public.decorator';
import type { ChronicleRequest } from '../common/request-context';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RateLimits } from '../rate-limit/rate-limits';
import { isApiPath } from '../common/request-paths';
import type { Principal } from './principal';
import { PrincipalResolver } from './principal-resolver.service';
import { assertSameOriginWrite, FORM_TOKEN_REQUIRED } from './cross-site-writes';
import './session-data';

/**
 * Global: every route needs a caller unless marked @Public(). API clients send a bearer token;
 * browsers carry the server-side session established by /auth/login, and every write a session
 * carries, on public routes too (sign-out), must prove it came from Chronicle's own pages.
 */
@Injectable()
export class AuthenticationGuard extends AuthGuard('bearer') {
  private readonly publicOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: PrincipalResolver,
    private readonly audit: AuditService,
    private readonly limits: RateLimits,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super();
    this.publicOrigin = new URL(config.publicUrl).origin;
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<ChronicleRequest>();
    // The API is used with a token, and any credentials it is sent are checked as one. A page is used with the browser's session: only a
    // bearer token stands in for it there, and other credentials beside it (a proxy's Basic) are the proxy's, not Chronicle's.
    const authorization = req.headers.authorization;
    const presentedToken = authorization !== undefined && (isApiPath(req.path) || /^bearer\s/i.test(authorization));
    try {
      // Whatever else it carries: a page or sign-out has its session even beside an Authorization header.
      assertSameOriginWrite(req, this.publicOrigin, this.reflector.getAllAndOverride<boolean>(FORM_TOKEN_REQUIRED, targets) ? 'form-token' : 'token-or-origin');
      if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
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
