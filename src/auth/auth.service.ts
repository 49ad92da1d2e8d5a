import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import * as client from 'openid-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/domain-error';
import { OidcClientService } from './oidc-client.service';
import './session-data';

/** Browser sign-in: authorization code flow with PKCE, state and nonce held in the server-side session. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClientService,
  ) {}

  async beginLogin(req: Request, returnTo: string | undefined): Promise<string> {
    const configuration = await this.oidc.configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await regenerateSession(req);
    req.session.pendingLogin = { codeVerifier, state, nonce, returnTo: safeReturnPath(returnTo) };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(),
      scope: this.config.oidc.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return url.href;
  }

  async completeLogin(req: Request): Promise<string> {
    const pending = req.session.pendingLogin;
    if (!pending) throw new DomainError('AUTH_FLOW_FAILED', 'No sign-in is in progress in this browser; start again at /auth/login');
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
      throw new DomainError('AUTH_FLOW_FAILED', 'Sign-in could not be completed; start again at /auth/login');
    }
    const claims = tokens.claims();
    if (!claims) throw new DomainError('AUTH_FLOW_FAILED', 'The identity provider returned no ID token');
    // A fresh session id after sign-in defeats session fixation.
    await regenerateSession(req);
    req.session.identity = { claims: { ...claims }, idToken: tokens.id_token };
    return pending.returnTo;
  }

  async logout(req: Request): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
  }

  private callbackUrl(): string {
    return `${this.config.publicUrl}/auth/callback`;
  }
}

function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
}

/** Only same-site paths, so the login cannot be turned into an open redirect. */
export function safeReturnPath(returnTo: string | undefined): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) return '/api/me';
  return returnTo;
}
