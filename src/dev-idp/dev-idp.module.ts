import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { postgresPool } from '../database/postgres-pool';
import { loadDemoData } from '../demo/demo-data';
import { createDevIdentityProvider, DevIdentityProvider, generateSigningKey } from './dev-identity-provider';
import { loadOrCreateSigningKey, PostgresAdapter } from './postgres-adapter';

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
          inject: [APP_CONFIG, getDataSourceToken()],
          useFactory: async (config: AppConfig, dataSource: DataSource): Promise<DevIdentityProvider> => {
            const pool = postgresPool(dataSource);
            const demo = loadDemoData(config.configDir);
            return createDevIdentityProvider({
              issuer: config.oidc.issuer,
              audience: config.oidc.audience,
              webClient: { clientId: config.oidc.clientId, clientSecret: config.oidc.clientSecret, redirectUri: `${config.publicUrl}/auth/callback` },
              users: demo.users,
              agencyNames: Object.fromEntries(demo.agencies.map((agency) => [agency.code, agency.name])),
              cookieSecret: config.session.secret,
              signingKey: await loadOrCreateSigningKey(pool, generateSigningKey),
              adapter: (model) => new PostgresAdapter(pool, model),
            });
          },
        },
      ],
      exports: [DEV_IDENTITY_PROVIDER],
    };
  }
}
