import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export class AuditPrivilegesError extends Error {
  override name = 'AuditPrivilegesError';
}

/**
 * The append-only guarantee rests on the server's own database role: it must not be able to change
 * or remove audit rows. In production a role that can is refused; elsewhere (a developer's
 * superuser, say) it is pointed out.
 */
@Injectable()
export class AuditPrivilegesCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditPrivileges');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const [role] = await this.dataSource.query<{ name: string; superuser: boolean; owner: boolean; modify: boolean }[]>(
      `SELECT current_user AS name, rolsuper AS superuser, pg_has_role(current_user, 'chronicle_audit_owner', 'MEMBER') AS owner,
              has_table_privilege('audit.events', 'UPDATE') OR has_table_privilege('audit.events', 'DELETE') OR has_table_privilege('audit.events', 'TRUNCATE') AS modify
         FROM pg_roles WHERE rolname = current_user`,
    );
    if (!role.superuser && !role.owner && !role.modify) return;
    const message =
      `The database role "${role.name}" can alter the audit trail (${role.superuser ? 'superuser' : role.owner ? "member of its owner's role" : 'UPDATE/DELETE/TRUNCATE granted'}). ` +
      'Run the server as a login that is a member of chronicle_app only, and migrations as the owner (DATABASE_MIGRATION_URL); see docs/deployment.md.';
    if (this.config.environment === 'production') throw new AuditPrivilegesError(message);
    this.logger.warn(message);
  }
}
