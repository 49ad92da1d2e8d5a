import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccessPolicy, AccessPolicyError, parseAccessPolicy } from './access-policy';

/** Loads config/access-policy.json once, at start-up; an invalid policy stops the server with every problem listed. */
@Injectable()
export class AccessPolicyService {
  readonly policy: AccessPolicy;
  readonly file: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.file = path.join(config.configDir, 'access-policy.json');
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new AccessPolicyError(this.file, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    this.policy = parseAccessPolicy(raw, this.file);
  }
}
