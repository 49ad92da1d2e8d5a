import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export class AuditPrivilegesError extends Error {
  override name = 'AuditPrivilegesError';
}

/**
 * What would let the server's role alter the audit trail, each as a reason. Privileges held through
 * any role it belongs to count (has_*_privilege, pg_has_role). CREATEROLE counts because such a role
 * can grant itself membership of the audit owner; an INSERT of an event's id or time would let it
 * backdate events; an INSERT into the chain would let it forge links.
 */
const REASONS_SQL = `
  SELECT current_user AS name, reason FROM pg_roles r CROSS JOIN LATERAL (VALUES
    (r.rolsuper, 'it is a superuser'),
    (r.rolcreaterole, 'it has CREATEROLE (it could make itself a member of chronicle_audit_owner)'),
    (r.rolbypassrls, 'it has BYPASSRLS (row-level security would not hold it)'),
    (pg_has_role(current_user, 'chronicle_audit_owner', 'MEMBER'), 'it is a member of chronicle_audit_owner'),
    (has_any_column_privilege('audit.events', 'UPDATE'), 'UPDATE on audit.events'),
    (has_table_privilege('audit.events', 'DELETE'), 'DELETE on audit.events'),
    (has_table_privilege('audit.events', 'TRUNCATE'), 'TRUNCATE on audit.events'),
    (has_column_privilege('audit.events', 'id', 'INSERT') OR has_column_privilege('audit.events', 'occurred_at', 'INSERT'), 'INSERT of an event''s id or time on audit.events'),
    (has_any_column_privilege('audit.chain', 'INSERT'), 'INSERT on audit.chain'),
    (has_any_column_privilege('audit.chain', 'UPDATE'), 'UPDATE on audit.chain'),
    (has_table_privilege('audit.chain', 'DELETE'), 'DELETE on audit.chain'),
    (has_table_privilege('audit.chain', 'TRUNCATE'), 'TRUNCATE on audit.chain'),
    (has_any_column_privilege('audit.checkpoints', 'UPDATE'), 'UPDATE on audit.checkpoints'),
    (has_table_privilege('audit.checkpoints', 'DELETE'), 'DELETE on audit.checkpoints'),
    (has_table_privilege('audit.checkpoints', 'TRUNCATE'), 'TRUNCATE on audit.checkpoints')
  ) AS checks (applies, reason)
  -- A superuser has every privilege below; saying so once is enough.
  WHERE r.rolname = current_user AND applies AND (NOT r.rolsuper OR checks.reason = 'it is a superuser')`;

/**
 * The append-only guarantee rests on the server's own database role: it must not be able to change
 * or remove audit rows, or give itself the power to. In production a role that can is refused;
 * elsewhere (a developer's superuser, say) it is pointed out.
 */
@Injectable()
export class AuditPrivilegesCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditPrivileges');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const rows = await this.dataSource.query<{ name: string; reason: string }[]>(REASONS_SQL);
    if (rows.length === 0) return;
    const message =
      `The database role "${rows[0].name}" can alter the audit trail: ${rows.map((row) => row.reason).join('; ')}. ` +
      'Run the server as a login that is a member of chronicle_app only, and migrations as the owner (DATABASE_MIGRATION_URL); see docs/deployment.md.';
    if (this.config.environment === 'production') throw new AuditPrivilegesError(message);
    this.logger.warn(message);
  }
}
