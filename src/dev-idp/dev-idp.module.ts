import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { loadDemoData } from '../demo/demo-data';
import { createDevIdentityProvider, DevIdentityProvider } from './dev-identity-provider';

export const DEV_IDENTITY_PROVIDER = Symbol('DEV_IDENTITY_PROVIDER');

/** Present only in demo mode; the router is mounted on the HTTP server by configureApp. */
@Module({})
export class DevIdpModule {
  static forRoot(): DynamicModule {
    return {
      module: DevIdpModule,
      providers: [
        {
          provide: DEV_IDENTITY_PROVIDER,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): DevIdentityProvider =>
            createDevIdentityProvider({
              issuer: config.oidc.issuer,
              audience: config.oidc.audience,
              webClient: { clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, redirectUri: `${config.publicUrl}/auth/callback` },
              users: loadDemoData(config.configDir).users,
            }),
        },
      ],
      exports: [DEV_IDENTITY_PROVIDER],
    };
  }
}
