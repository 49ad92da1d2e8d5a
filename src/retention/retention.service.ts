import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { Clock } from '../common/clock';
import { todayIso } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { JobRegistry } from '../jobs/job-registry';
import { ExtendRetentionDto, LiftLegalHoldDto, PlaceLegalHoldDto, RetentionRecordDto } from './dto/retention.dto';
import { RecordsManagementService } from './records-management';
import { dueForReview, ReviewEntry, ReviewRecord, reviewRecords, StandingHold } from './retention-review';

export const RETENTION_REVIEW_TASK = 'retention:review';

export interface DestructionCertificateView {
  id: string;
  childId: string;
  retentionClass: string;
  reviewDate: string;
  entryIds: string[];
  versions: number;
  reason: string;
  destroyedBy: string;
  destroyedAt: string;
}

/**
 * Retention review and destruction. Which of a child's records have reached review is worked out
 * by reviewRecords (a pure function) from the entries, the DPO's extensions and the standing legal
 * holds, on the injected clock's today; a scheduled task runs it daily and records the counts. The
 * data protection officer extends a record with a reason or confirms its destruction, which a
 * standing legal hold blocks (checked here, and again by the database as it deletes).
 */
@Injectable()
export class RetentionService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly records: RecordsManagementService,
    private readonly clock: Clock,
    private readonly jobs: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.jobs.register(RETENTION_REVIEW_TASK, async () => {
      await this.runReview();
    });
    // 02:00 UTC daily; a run missed while no instance was up is made up within a day.
    this.jobs.registerRecurring({ task: RETENTION_REVIEW_TASK, schedule: '0 2 * * *', backfillSeconds: 24 * 3600 });
  }

  /** The scheduled review: counts only (the list is the DPO's to read), recorded as the service's own work. */
  async runReview(): Promise<{ due: number; held: number }> {
    return this.dataSource.transaction(async (manager) => {
      const due = dueForReview(await this.reviewAll(manager), this.today());
      const counts = { due: due.length, held: due.filter((record) => record.heldBy.length > 0).length };
      await this.audit.recordSystemEvent(manager, { action: 'retention.review-run', details: { ...counts, today: this.today() } });
      return counts;
    });
  }

  async due(caller: Caller): Promise<(ReviewRecord & { held: boolean })[]> {
    await this.access.assertCan(caller, 'read', 'Retention', 'retention.read');
    return this.dataSource.transaction(async (manager) => {
      const due = dueForReview(await this.reviewAll(manager), this.today());
      await this.audit.record(manager, caller, { action: 'retention.read', details: { list: 'due', returned: due.length, today: this.today() } });
      return due.map((record) => ({ ...record, held: record.heldBy.length > 0 }));
    });
  }

  /**
   * One child's records in one class, if they have reached review, audited as that record read.
   * Named by a page's address, unchecked: an id that is not a UUID names no record.
   */
  async dueRecord(caller: Caller, childId: string, retentionClass: string): Promise<ReviewRecord & { held: boolean }> {
    await this.access.assertCan(caller, 'read', 'Retention', 'retention.read');
    return this.dataSource.transaction(async (manager) => {
      const record = isUUID(childId) ? dueForReview(await this.reviewAll(manager, childId), this.today()).find((candidate) => candidate.retentionClass === retentionClass) : undefined;
      if (!record) throw notFound('Record due for review');
      await this.audit.record(manager, caller, { action: 'retention.read', childId, details: { list: 'due', retentionClass, returned: 1, today: this.today() } });
      return { ...record, held: record.heldBy.length > 0 };
    });
  }

  async extend(caller: Caller, dto: ExtendRetentionDto): Promise<ReviewRecord> {
    await this.access.assertCan(caller, 'create', 'Retention', 'retention.extend');
    return this.dataSource.transaction(async (manager) => {
      const record = await this.lockedRecord(manager, dto);
      if (dto.extendTo <= record.reviewDate) {
        throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'extendTo', problem: `must be after the current review date, ${record.reviewDate}` }]);
      }
      await manager.query(
        `INSERT INTO retention_extensions (child_id, retention_class, review_date, extended_to, reason, extended_by_id, extended_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [dto.childId, dto.retentionClass, record.reviewDate, dto.extendTo, dto.reason.trim(), caller.user.practitionerId, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'retention.extend', childId: dto.childId, entryIds: record.entryIds, details: { retentionClass: dto.retentionClass, from: record.reviewDate, to: dto.extendTo } });
      return { ...record, reviewDate: dto.extendTo };
    });
  }

  /** Removes the content of every version of the record's entries; keeps a tombstone of each and the certificate. */
  async destroy(caller: Caller, dto: RetentionRecordDto): Promise<DestructionCertificateView> {
    await this.access.assertCan(caller, 'create', 'Retention', 'retention.destroy');
    const certificateId = await this.dataSource.transaction(async (manager) => {
      const record = await this.lockedRecord(manager, dto);
      if (record.reviewDate > this.today()) throw new DomainError('CONFLICT', `These records are kept until ${record.reviewDate}; they have not reached review`);
      if (record.heldBy.length > 0) throw new DomainError('CONFLICT', `A legal hold stands on these records (${record.heldBy.join(', ')}); they cannot be destroyed while it does`);
      const id = randomUUID();
      const now = this.clock.now();
      const [{ versions }] = await manager.query<{ versions: number }[]>(`SELECT count(*)::int AS versions FROM chronology_entry_versions WHERE entry_id = ANY($1::uuid[])`, [record.entryIds]);
      await manager.query(
        `INSERT INTO destruction_certificates (id, child_id, retention_class, review_date, entry_ids, versions, reason, destroyed_by_id, destroyed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, dto.childId, dto.retentionClass, record.reviewDate, record.entryIds, versions, dto.reason.trim(), caller.user.practitionerId, now],
      );
      await manager.query(
        `INSERT INTO destroyed_entries (entry_id, child_id, source_agency_id, recorded_at, event_date, versions, retention_class, certificate_id, destroyed_at)
         SELECT e.id, e.child_id, e.source_agency_id, e.recorded_at, v.event_date, e.current_version, $2, $3, $4
           FROM chronology_entries e JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
          WHERE e.id = ANY($1::uuid[])`,
        [record.entryIds, dto.retentionClass, id, now],
      );
      await manager.query(`SELECT destroy_entries($1)`, [id]);
      await this.audit.record(manager, caller, { action: 'retention.destroy', childId: dto.childId, entryIds: record.entryIds, details: { certificateId: id, retentionClass: dto.retentionClass, versions } });
      return id;
    });
    return this.findCertificate(this.dataSource.manager, certificateId);
  }

  async certificate(caller: Caller, certificateId: string): Promise<DestructionCertificateView> {
    await this.access.assertCan(caller, 'read', 'Retention', 'retention.read');
    return this.dataSource.transaction(async (manager) => {
      const certificate = await this.findCertificate(manager, certificateId);
      await this.audit.record(manager, caller, { action: 'retention.read', childId: certificate.childId, details: { certificateId } });
      return certificate;
    });
  }

  async placeHold(caller: Caller, dto: PlaceLegalHoldDto): Promise<LegalHoldView> {
    await this.access.assertCan(caller, 'create', 'Retention', 'legal-hold.place');
    return this.dataSource.transaction(async (manager) => {
      let agencyId: string | null = null;
      if (dto.agency) {
        const [agency] = await manager.query<{ id: string }[]>(`SELECT id FROM agencies WHERE code = $1`, [dto.agency]);
        if (!agency) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'agency', problem: 'no such agency; see GET /api/agencies' }]);
        agencyId = agency.id;
      }
      if (dto.childId && (await manager.query(`SELECT 1 FROM children WHERE id = $1`, [dto.childId])).length === 0) {
        throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'childId', problem: 'no such child' }]);
      }
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO legal_holds (scope, child_id, agency_id, reason, requested_by, placed_by_id, placed_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [dto.scope, dto.childId ?? null, agencyId, dto.reason.trim(), dto.requestedBy.trim(), caller.user.practitionerId, this.clock.now()],
      );
      await this.audit.record(manager, caller, { action: 'legal-hold.place', childId: dto.childId ?? null, details: { holdId: id, scope: dto.scope, agency: dto.agency ?? null } });
      return (await this.holds(manager, id))[0];
    });
  }

  async liftHold(caller: Caller, holdId: string, dto: LiftLegalHoldDto): Promise<LegalHoldView> {
    await this.access.assertCan(caller, 'create', 'Retention', 'legal-hold.lift');
    return this.dataSource.transaction(async (manager) => {
      const [hold] = await this.holds(manager, holdId);
      if (!hold) throw notFound('Legal hold');
      if (hold.liftedAt) throw new DomainError('CONFLICT', 'This legal hold was lifted already');
      await manager.query(`UPDATE legal_holds SET lifted_at = $2, lifted_by_id = $3, lift_reason = $4 WHERE id = $1`, [holdId, this.clock.now(), caller.user.practitionerId, dto.reason.trim()]);
      await this.audit.record(manager, caller, { action: 'legal-hold.lift', childId: hold.childId, details: { holdId } });
      return (await this.holds(manager, holdId))[0];
    });
  }

  /** One legal hold, audited as that hold read. */
  async hold(caller: Caller, holdId: string): Promise<LegalHoldView> {
    await this.access.assertCan(caller, 'read', 'Retention', 'retention.read');
    return this.dataSource.transaction(async (manager) => {
      const [hold] = await this.holds(manager, holdId);
      if (!hold) throw notFound('Legal hold');
      await this.audit.record(manager, caller, { action: 'retention.read', childId: hold.childId, details: { holdId } });
      return hold;
    });
  }

  async listHolds(caller: Caller): Promise<LegalHoldView[]> {
    await this.access.assertCan(caller, 'read', 'Retention', 'retention.read');
    return this.dataSource.transaction(async (manager) => {
      const holds = await this.holds(manager, null);
      await this.audit.record(manager, caller, { action: 'retention.read', details: { list: 'legal-holds', returned: holds.length } });
      return holds;
    });
  }

  private today(): string {
    return todayIso(this.clock.now());
  }

  /** Every record's review (or one child's): the whole table is read, grouped in memory by child and class (docs/retention.md says what that costs). */
  private async reviewAll(manager: EntityManager, childId: string | null = null): Promise<ReviewRecord[]> {
    const entries = await manager.query<ReviewEntry[]>(
      `SELECT e.id AS "entryId", e.child_id AS "childId", to_char(c.date_of_birth, 'YYYY-MM-DD') AS "childDateOfBirth", e.source_agency_id AS "agencyId", a.type AS "agencyType",
              v.event_type AS "eventType", to_char(v.event_date, 'YYYY-MM-DD') AS "eventDate"
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         JOIN agencies a ON a.id = e.source_agency_id
         JOIN children c ON c.id = e.child_id
        WHERE $1::uuid IS NULL OR e.child_id = $1`,
      [childId],
    );
    const extensions = await manager.query<{ childId: string; retentionClass: string; extendedTo: string }[]>(
      `SELECT child_id AS "childId", retention_class AS "retentionClass", to_char(extended_to, 'YYYY-MM-DD') AS "extendedTo" FROM retention_extensions`,
    );
    const holds = await manager.query<StandingHold[]>(`SELECT id, scope, child_id AS "childId", agency_id AS "agencyId" FROM legal_holds WHERE lifted_at IS NULL`);
    return reviewRecords(entries, this.records.settings.retentionClasses, extensions, holds);
  }

  /** The record as it is now; decisions on one child's records take turns (a lock for the transaction, on the child's id). */
  private async lockedRecord(manager: EntityManager, dto: { childId: string; retentionClass: string }): Promise<ReviewRecord> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('retention:' || $1::text, 0))`, [dto.childId]);
    const record = (await this.reviewAll(manager, dto.childId)).find((candidate) => candidate.retentionClass === dto.retentionClass);
    if (!record) throw notFound('Record in that retention class');
    return record;
  }

  private async findCertificate(manager: EntityManager, id: string): Promise<DestructionCertificateView> {
    const [row] = await manager.query<(Omit<DestructionCertificateView, 'destroyedAt'> & { destroyedAt: Date })[]>(
      `SELECT d.id, d.child_id AS "childId", d.retention_class AS "retentionClass", to_char(d.review_date, 'YYYY-MM-DD') AS "reviewDate", d.entry_ids AS "entryIds",
              d.versions, d.reason, p.name AS "destroyedBy", d.destroyed_at AS "destroyedAt"
         FROM destruction_certificates d JOIN practitioners p ON p.id = d.destroyed_by_id WHERE d.id = $1`,
      [id],
    );
    if (!row) throw notFound('Destruction certificate');
    return { ...row, destroyedAt: row.destroyedAt.toISOString() };
  }

  private async holds(manager: EntityManager, id: string | null): Promise<LegalHoldView[]> {
    const rows = await manager.query<(Omit<LegalHoldView, 'placedAt' | 'liftedAt'> & { placedAt: Date; liftedAt: Date | null })[]>(
      `SELECT h.id, h.scope, h.child_id AS "childId", a.code AS agency, h.reason, h.requested_by AS "requestedBy", p.name AS "placedBy", h.placed_at AS "placedAt",
              h.lifted_at AS "liftedAt", h.lift_reason AS "liftReason"
         FROM legal_holds h JOIN practitioners p ON p.id = h.placed_by_id LEFT JOIN agencies a ON a.id = h.agency_id
        WHERE $1::uuid IS NULL OR h.id = $1 ORDER BY h.lifted_at IS NOT NULL, h.placed_at DESC`,
      [id],
    );
    return rows.map((row) => ({ ...row, placedAt: row.placedAt.toISOString(), liftedAt: row.liftedAt?.toISOString() ?? null }));
  }
}

export interface LegalHoldView {
  id: string;
  scope: 'child' | 'agency' | 'all';
  childId: string | null;
  agency: string | null;
  reason: string;
  requestedBy: string;
  placedBy: string;
  placedAt: string;
  liftedAt: string | null;
  liftReason: string | null;
}
