import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import { ConfigFiles } from './config-files';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }, ConfigFiles], exports: [APP_CONFIG, ConfigFiles] };
  }
}
