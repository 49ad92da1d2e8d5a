import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { Vocabularies } from '../common/request-checks';
import { AppConfig } from '../config/app-config';
import { ConfigFiles } from '../config/config-files';
import { APP_CONFIG } from '../config/config.module';
import { AccessPolicy, AccessPolicyError, parseAccessPolicy } from './access-policy';

/** Loads config/access-policy.json once, at start-up; an invalid policy stops the server with every problem listed. */
@Injectable()
export class AccessPolicyService {
  readonly policy: AccessPolicy;

  constructor(@Inject(APP_CONFIG) config: AppConfig, files: ConfigFiles, vocabularies: Vocabularies) {
    const raw = files.readJson(config.configDir, 'access-policy.json', (file, problems) => new AccessPolicyError(file, problems));
    this.policy = parseAccessPolicy(raw, path.join(config.configDir, 'access-policy.json'));
    // A claim's reason is checked in the validation pipe, with the request's other problems.
    vocabularies.registerSetting('claim-reason-minimum-length', () => this.policy.claims.minimumReasonLength);
  }
}
