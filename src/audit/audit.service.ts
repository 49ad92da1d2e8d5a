import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Caller } from '../common/caller.decorator';
import type { ChronicleRequest } from '../common/request-context';
import { AuditEvent, AuditOutcome } from './audit-event.entity';

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

async function insertAuditEvent(
  manager: EntityManager,
  actor: { subject: string; agency: string; role: string } | null,
  request: { correlationId: string; clientAddress: string | null } | null,
  record: AuditRecord,
): Promise<void> {
  await manager.insert(AuditEvent, {
    occurredAt: new Date(),
    actorSubject: actor?.subject ?? null,
    actorAgency: actor?.agency ?? null,
    actorRole: actor?.role ?? null,
    action: record.action,
    outcome: record.outcome ?? 'success',
    childId: record.childId ?? null,
    entryIds: record.entryIds ?? [],
    correlationId: request?.correlationId ?? null,
    clientAddress: request?.clientAddress ?? null,
    // TypeORM's deep-partial type cannot express an open JSON object; the column is jsonb.
    details: (record.details ?? {}) as QueryDeepPartialEntity<AuditEvent>['details'],
  });
}
