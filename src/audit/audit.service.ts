import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/caller.decorator';
import type { ChronicleRequest } from '../common/request-context';
import { AuditOutcome } from './audit-event.entity';

export interface AuditRecord {
  action: string;
  outcome?: AuditOutcome;
  childId?: string | null;
  entryIds?: string[];
  /** Ids, filters and counts only: never case content. */
  details?: Record<string, unknown>;
}

/**
 * Writes audit events. Callers pass the EntityManager of their own transaction, so the audit
 * record commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, caller: Caller, record: AuditRecord): Promise<void> {
    const { user, correlationId, clientAddress } = caller;
    await insertAuditEvent(manager, { subject: user.subject, agency: user.agency.code, role: user.role }, { correlationId, clientAddress }, record);
  }

  /** A denial is recorded on its own connection: the request's work, if any, is being rolled back. */
  async recordDenial(caller: Caller, record: Omit<AuditRecord, 'outcome'>): Promise<void> {
    await this.record(this.dataSource.manager, caller, { ...record, outcome: 'denied' });
  }

  /** Work done by the service itself rather than on a user's request, such as loading demo data. */
  async recordSystemEvent(manager: EntityManager, record: AuditRecord): Promise<void> {
    await insertAuditEvent(manager, null, null, record);
  }

  async recordAuthenticationFailure(req: ChronicleRequest, reason: string): Promise<void> {
    try {
      await insertAuditEvent(this.dataSource.manager, null, { correlationId: req.correlationId, clientAddress: req.ip ?? null }, {
        action: 'auth.authenticate',
        outcome: 'failed',
        details: { reason, method: req.method, path: req.path },
      });
    } catch (error) {
      // The caller is rejected either way; a lost failure record must not turn a 401 into a 500.
      this.logger.error(`Could not record failed authentication [${req.correlationId}]: ${String(error)}`);
    }
  }
}

/** Plain SQL: a chronology read can list thousands of entry ids, and the ORM's insert builder costs more than the row itself. */
async function insertAuditEvent(
  manager: EntityManager,
  actor: { subject: string; agency: string; role: string } | null,
  request: { correlationId: string; clientAddress: string | null } | null,
  record: AuditRecord,
): Promise<void> {
  await manager.query(
    `INSERT INTO audit_events (occurred_at, actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, correlation_id, client_address, details)
     VALUES (now(), $1, $2, $3, $4, $5, $6, $7::uuid[], $8, $9, $10::jsonb)`,
    [
      actor?.subject ?? null,
      actor?.agency ?? null,
      actor?.role ?? null,
      record.action,
      record.outcome ?? 'success',
      record.childId ?? null,
      record.entryIds ?? [],
      request?.correlationId ?? null,
      request?.clientAddress ?? null,
      JSON.stringify(record.details ?? {}),
    ],
  );
}
