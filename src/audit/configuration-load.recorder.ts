import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { APP_CONFIG } from '../config/config.module';
import { AuditService } from './audit.service';

/**
 * Each time an instance starts, the audit trail records the configuration it runs with: the digest
 * of every policy file it loaded and the settings that decide who can sign in (never secrets), so a
 * data protection officer can tell which policy was in force when.
 */
@Injectable()
export class ConfigurationLoadRecorder implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: ConfigFiles,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { environment, demoMode, publicUrl, oidc } = this.config;
    await this.audit.recordSystemEvent(this.dataSource.manager, {
      action: 'configuration.load',
      details: {
        // Host and process, and a tag of this start: several instances may share a process (tests) or a pid (containers).
        instance: `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
        files: this.files.loaded(),
        environment,
        demoMode,
        publicUrl,
        identityProvider: { issuer: oidc.issuer, audience: oidc.audience, agencyClaim: oidc.agencyClaim, roleClaim: oidc.roleClaim },
      },
    });
  }
}
