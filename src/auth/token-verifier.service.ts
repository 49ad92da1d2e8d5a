import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/domain-error';
import { OidcClientService } from './oidc-client.service';

/** Asymmetric algorithms only: `none` and shared-secret HMAC tokens are never accepted. */
const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Checks a bearer access token's signature against the issuer's published keys, and its issuer, audience and lifetime. */
@Injectable()
export class TokenVerifier {
  private keySet?: JWTVerifyGetKey;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oidc: OidcClientService,
  ) {}

  async verify(token: string): Promise<JWTPayload> {
    this.keySet ??= createRemoteJWKSet(await this.oidc.jwksUri());
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        issuer: this.config.oidc.issuer,
        audience: this.config.oidc.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      });
      return payload;
    } catch (error: unknown) {
      if (error instanceof errors.JWTExpired) throw new DomainError('TOKEN_EXPIRED', 'The access token has expired');
      if (error instanceof errors.JWKSTimeout) throw new DomainError('SERVICE_UNAVAILABLE', 'The identity provider did not answer in time');
      throw new DomainError('TOKEN_INVALID', 'The access token is not valid for this service');
    }
  }
}
