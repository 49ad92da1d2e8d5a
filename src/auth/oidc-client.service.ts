import { Inject, Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/domain-error';

/**
 * The relying-party view of the configured OpenID Provider. Discovery is lazy and retried on failure,
 * because in demo mode the provider is this very process and is not listening yet at start-up.
 */
@Injectable()
export class OidcClientService {
  private readonly logger = new Logger(OidcClientService.name);
  private discovered?: Promise<client.Configuration>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const { issuer, clientId, clientSecret } = this.config.oidc;
      const insecure = issuer.startsWith('http://');
      this.discovered = client
        .discovery(new URL(issuer), clientId, clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          this.discovered = undefined;
          this.logger.error(`OpenID Provider discovery failed for ${issuer}: ${String(error)}`);
          throw new DomainError('SERVICE_UNAVAILABLE', 'The identity provider cannot be reached; try again shortly');
        });
    }
    return this.discovered;
  }

  async jwksUri(): Promise<URL> {
    const uri = (await this.configuration()).serverMetadata().jwks_uri;
    if (!uri) throw new DomainError('SERVICE_UNAVAILABLE', 'The identity provider publishes no signing keys');
    return new URL(uri);
  }
}
