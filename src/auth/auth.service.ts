import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import * as client from 'openid-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { ChronicleRequest } from '../common/request-context';
import { OidcClientService } from './oidc-client.service';
import type { IdentityClaims } from './principal';
import { saveSession } from './session-data';

/** Browser sign-in: authorization code flow with PKCE, state and nonce held in the server-side session. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClientService,
    private readonly audit: AuditService,
  ) {}

  async beginLogin(req: Request, returnTo: string | undefined): Promise<string> {
    // Someone signed in already goes where they asked: starting again would end their session, which another site could do with a link.
    if (req.session.identity) return safeReturnPath(returnTo);
    const configuration = await this.oidc.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await regenerateSession(req);
    req.session.pendingLogin = { codeVerifier, state, nonce, returnTo: safeReturnPath(returnTo) };
    await saveSession(req);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(),
      scope: this.config.oidc.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // The demo provider keeps its own sign-in: asking again lets a demonstrator switch between the demo users.
      ...(this.config.demoMode ? { prompt: 'login' } : {}),
    });
    return url.href;
  }

  async completeLogin(req: Request): Promise<string> {
    const pending = req.session.pendingLogin;
    if (!pending) {
      await this.audit.recordAuthentication(req as ChronicleRequest, { action: 'auth.login', outcome: 'failed', details: { reason: 'no-sign-in-in-progress' } });
      throw new DomainError('AUTH_FLOW_FAILED', 'No sign-in is in progress in this browser; start again at /auth/login');
    }
    const configuration = await this.oidc.configuration();
    const currentUrl = new URL(req.originalUrl, this.config.publicUrl);
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch {
      await this.audit.recordAuthentication(req as ChronicleRequest, { action: 'auth.login', outcome: 'failed', details: { reason: 'code-exchange-failed' } });
      throw new DomainError('AUTH_FLOW_FAILED', 'Sign-in could not be completed; start again at /auth/login');
    }
    const claims = tokens.claims();
    if (!claims) throw new DomainError('AUTH_FLOW_FAILED', 'The identity provider returned no ID token');
    // Recorded before the session exists: a sign-in the audit trail cannot record leaves nobody signed in.
    await this.audit.recordAuthentication(req as ChronicleRequest, { action: 'auth.login', outcome: 'success', actor: this.actorOf(claims) });
    // A fresh session id after sign-in defeats session fixation.
    await regenerateSession(req);
    req.session.identity = { claims: { ...claims }, idToken: tokens.id_token };
    await saveSession(req);
    return pending.returnTo;
  }

  async logout(req: Request): Promise<void> {
    const claims = req.session.identity?.claims;
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
    if (claims) await this.audit.recordAuthentication(req as ChronicleRequest, { action: 'auth.logout', outcome: 'success', actor: this.actorOf(claims) });
  }

  /** Whom the identity provider says signed in, as its claims put it (the audit trail keeps them even when unrecognised). */
  private actorOf(claims: IdentityClaims): { subject: string; agencyCode: string | null; role: string | null } | null {
    const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
    const subject = text(claims.sub);
    return subject === null ? null : { subject, agencyCode: text(claims[this.config.oidc.agencyClaim]), role: text(claims[this.config.oidc.roleClaim]) };
  }

  private callbackUrl(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }
}

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

/** Only same-site paths, so the login cannot be turned into an open redirect; by default the web application's start page. */
export function safeReturnPath(returnTo: string | undefined): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) return '/';
  return returnTo;
}
