import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
    await manager.insert(AuditEvent, {
      occurredAt: new Date(),
      actorSubject: caller.user.subject,
      actorAgency: caller.user.agency.code,
      actorRole: caller.user.role,
      action: record.action,
      outcome: record.outcome ?? 'success',
      childId: record.childId ?? null,
      entryIds: record.entryIds ?? [],
      correlationId: caller.correlationId,
      clientAddress: caller.clientAddress,
      details: (record.details ?? {}) as AuditEvent['details'] & object,
    });
  }

  /** A denial is recorded on its own connection: the request's work, if any, is being rolled back. */
  async recordDenial(caller: Caller, record: Omit<AuditRecord, 'outcome'>): Promise<void> {
    await this.record(this.dataSource.manager, caller, { ...record, outcome: 'denied' });
  }

  async recordAuthenticationFailure(req: ChronicleRequest, reason: string): Promise<void> {
    try {
      await this.dataSource.manager.insert(AuditEvent, {
        occurredAt: new Date(),
        actorSubject: null,
        actorAgency: null,
        actorRole: null,
        action: 'auth.authenticate',
        outcome: 'failed',
        childId: null,
        entryIds: [],
        correlationId: req.correlationId,
        clientAddress: req.ip ?? null,
        details: { reason, method: req.method, path: req.path },
      });
    } catch (error) {
      // The caller is rejected either way; a lost failure record must not turn a 401 into a 500.
      this.logger.error(`Could not record failed authentication [${req.correlationId}]: ${String(error)}`);
    }
  }
}
