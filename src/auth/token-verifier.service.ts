import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/domain-error';
import { OidcClientService } from './oidc-client.service';

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are never accepted. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const RECENT_LIMIT = 10_000;
/** How long a verified token is taken on trust again before its signature is checked anew (never past its expiry). */
const RECENT_MS = 60_000;

/**
 * Checks a bearer access token's signature against the issuer's published keys, and its issuer,
 * audience and lifetime. A token verified in the last minute is recognised again without
 * re-checking its signature (the check costs more than the rest of a small request), and never
 * after it expires. A token that failed is never remembered.
 */
@Injectable()
export class TokenVerifier {
  private keySet?: JWTVerifyGetKey;
  private readonly recent = new Map<string, { payload: JWTPayload; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClientService,
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    const now = Date.now();
    const seen = this.recent.get(token);
    if (seen && seen.until > now) return seen.payload;
    this.keySet ??= createRemoteJWKSet(await this.oidc.jwksUri());
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        issuer: this.config.oidc.issuer,
        audience: this.config.oidc.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      });
      if (this.recent.size >= RECENT_LIMIT) this.recent.clear();
      this.recent.set(token, { payload, until: Math.min(now + RECENT_MS, payload.exp! * 1000) });
      return payload;
    } catch (error: unknown) {
      if (error instanceof errors.JWTExpired) throw new DomainError('TOKEN_EXPIRED', 'The access token has expired');
      if (keySetUnavailable(error)) throw new DomainError('SERVICE_UNAVAILABLE', 'The identity provider\'s signing keys cannot be fetched; try again shortly');
      throw new DomainError('TOKEN_INVALID', 'The access token is not valid for this service');
    }
  }
}

/**
 * Fetching the provider's key set failed (no answer, a refused connection, an error page): the
 * token was not judged, so the caller is told to retry rather than that their token is bad.
 * jose raises its plain JOSEError for a non-200 or unparseable key set, and lets fetch's own
 * errors through.
 */
function keySetUnavailable(error: unknown): boolean {
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || !(error instanceof errors.JOSEError) || error.constructor === errors.JOSEError;
}
