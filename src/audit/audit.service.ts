import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import type { Caller } from '../common/caller.decorator';
import { preparedQuery } from '../database/prepared-query';
import type { ChronicleRequest } from '../common/request-context';
import { AccessBasis, AUDIT_ACTIONS, AuditAction, AuditActionFor, AuditOutcome, CallerAction, PurposeOfUse } from './audit-vocabulary';

/** What a person's request did; `action` must be declared in audit-vocabulary.ts. */
type AuditRecord<Action extends AuditAction = CallerAction> = EventFacts & { action: Action } & ('audience' extends Purposes<Action> ? {
    /** The export audience's purpose, which overrides the one the caller's role and relationship imply. */
    purpose?: PurposeOfUse;
  } : { purpose?: never });
type Purposes<Action extends AuditAction> = (typeof AUDIT_ACTIONS)[Action]['purpose'][number];

interface EventFacts {
  outcome?: AuditOutcome;
  childId?: string | null;
  /** Entries read or written: ids only, never content. */
  entryIds?: string[];
  /** Entry fields (policy field names) read or written. */
  fields?: string[];
  /** The caller's relationship to the child; it decides the purpose and marks break-glass use. */
  basis?: AccessBasis;
  lawfulBasis?: string | null;
  /** Ids, filters and counts only: never case content. */
  details?: Record<string, unknown>;
}

type Actor = { subject: string; role: string | null; agencyCode: string | null };
/** A transaction's EntityManager (the event commits with it), or a pool of connections. */
type Queryable = EntityManager | Pool;
type RequestOrigin = { correlationId: string | null; clientAddress: string | null };

/**
 * Writes audit events. Callers pass the EntityManager of their own transaction, so the event
 * commits or rolls back with the change it describes; the database links it into the hash chain
 * as that transaction commits (migrations/1795392000000-CreateTamperEvidentAuditTrail.ts). If the
 * event cannot be written, the caller's work fails with it.
 */
@Injectable()
export class AuditService implements OnApplicationShutdown {
  private readonly logger = new Logger(AuditService.name);
  /**
   * Refusals and sign-in events are written on connections of their own, outside the request's
   * transaction. They come from a small pool of their own, so a request that holds a connection of
   * the main pool never waits for a second one from it: under load that would starve the pool.
   */
  private readonly ownConnections: Pool;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.ownConnections = new Pool({ connectionString: (dataSource.options as PostgresConnectionOptions).url, max: 4, connectionTimeoutMillis: 5000 });
    // An idle connection the database drops (a restart) is replaced on next use; unheard, the error would end the process.
    this.ownConnections.on('error', (error) => this.logger.warn(`An idle audit connection was lost: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ownConnections.end();
  }

  async record<Action extends CallerAction>(manager: Queryable, caller: Caller, record: AuditRecord<Action>): Promise<void> {
    const { user } = caller;
    await insertAuditEvent(manager, { subject: user.subject, role: user.role, agencyCode: user.agency.code }, caller, {
      ...record,
      purpose: record.purpose ?? purposeOf(user.role, record.basis),
    });
  }

  /** A denial is recorded on its own connection: the request's work, if any, is being rolled back. */
  async recordDenial<Action extends CallerAction>(caller: Caller, record: Omit<AuditRecord<Action>, 'outcome'>): Promise<void> {
    await this.recordOnOwnConnection(caller, { ...record, outcome: 'denied' } as AuditRecord<Action>);
  }

  /** For an event about a request that is failing: whatever connection the request was using may be the reason. */
  async recordOnOwnConnection<Action extends CallerAction>(caller: Caller, record: AuditRecord<Action>): Promise<void> {
    await this.record(this.ownConnections, caller, record);
  }

  /** Work done by the service itself rather than on a user's request: loading configuration or demo data. */
  async recordSystemEvent(manager: EntityManager, record: Omit<AuditRecord<AuditActionFor<'system'>>, 'purpose' | 'basis'>): Promise<void> {
    await insertAuditEvent(manager, null, null, { ...record, purpose: 'system' });
  }

  /** Sign-in, sign-out and every failed attempt to authenticate. `actor` is whom the attempt claimed to be, where known. */
  async recordAuthentication(
    req: ChronicleRequest,
    record: { action: AuditActionFor<'authentication'>; outcome: AuditOutcome; actor?: Actor | null; details?: Record<string, unknown> },
  ): Promise<void> {
    await insertAuditEvent(this.ownConnections, record.actor ?? null, originOf(req), {
      action: record.action,
      outcome: record.outcome,
      purpose: 'authentication',
      details: { method: req.method, path: req.path, ...record.details },
    });
  }

  async recordAuthenticationFailure(req: ChronicleRequest, reason: string): Promise<void> {
    try {
      await this.recordAuthentication(req, { action: 'auth.authenticate', outcome: 'failed', details: { reason } });
    } catch (error) {
      // The caller is rejected either way; a lost failure record must not turn a 401 into a 500.
      this.logger.error(`Could not record failed authentication [${req.correlationId}]: ${String(error)}`);
    }
  }
}

function originOf(req: ChronicleRequest): RequestOrigin {
  return { correlationId: req.correlationId, clientAddress: req.ip ?? null };
}

function purposeOf(role: Caller['user']['role'], basis: AccessBasis | undefined): PurposeOfUse {
  if (basis?.claim?.kind === 'emergency') return 'break-glass';
  if (role === 'data-protection-officer') return 'audit';
  if (role === 'administrator') return 'administration';
  return 'case-work';
}

/** Plain SQL: a chronology read can list thousands of entry ids, and the ORM's insert builder costs more than the row itself. */
async function insertAuditEvent(
  manager: Queryable,
  actor: Actor | null,
  origin: RequestOrigin | null,
  record: EventFacts & { action: AuditAction; purpose: PurposeOfUse },
): Promise<void> {
  const claim = record.basis?.claim ?? null;
  await preparedQuery(
    manager,
    `INSERT INTO audit.events (actor_subject, actor_agency, actor_role, action, outcome, child_id, entry_ids, fields, purpose, lawful_basis,
                               relationship, access_claim_id, break_glass, correlation_id, client_address, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7::uuid[], $8::text[], $9, $10, $11, $12, $13, $14, $15, $16::jsonb)`,
    [
      actor?.subject ?? null,
      actor?.agencyCode ?? null,
      actor?.role ?? null,
      record.action,
      record.outcome ?? 'success',
      record.childId ?? null,
      record.entryIds ?? [],
      record.fields ?? [],
      record.purpose,
      record.lawfulBasis ?? null,
      record.basis?.relationship ?? null,
      claim?.id ?? null,
      claim?.kind === 'emergency',
      origin?.correlationId ?? null,
      origin?.clientAddress ?? null,
      JSON.stringify(record.details ?? {}),
    ],
  );
}
