import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { holdOpenEntry } from '../access/entry-facts';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { SUBJECT_ACCESS_PURPOSE } from '../subject-access/subject-access.service';
import { AnswerDisputeDto, DisputeListQuery, RecordDisputeDto } from './dto/dispute.dto';

/** A dispute as the data protection officer tracks it: ids, who and when, never the entry's content. */
export interface DisputeRecordView {
  id: string;
  entryId: string;
  childId: string;
  words: string;
  disputedBy: string;
  capacity: string;
  versionDisputed: number;
  recordedAt: string;
  status: 'open' | 'amended' | 'upheld';
  answerReason: string | null;
  answeredAt: string | null;
}

const SELECT = `
  SELECT d.id, d.entry_id AS "entryId", d.child_id AS "childId", d.words, d.disputed_by AS "disputedBy", d.capacity, d.version_disputed AS "versionDisputed",
         d.recorded_at AS "recordedAt", COALESCE(d.outcome, 'open') AS status, d.answer_reason AS "answerReason", d.answered_at AS "answeredAt"
    FROM entry_disputes d`;

/**
 * Disputes of entries by the data subject (UK GDPR Art. 16 and 18): recorded in their own words
 * by a data protection officer, answered by the recording agency by amending the entry (the usual
 * amendment, with its reason) or upholding it, with the reason. Every read of the entry shows the
 * dispute (entry-projection.ts) and every printed copy says so (export-document.ts); while it is
 * open the entry is marked as under restricted processing.
 */
@Injectable()
export class DisputesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async record(caller: Caller, entryId: string, dto: RecordDisputeDto): Promise<DisputeRecordView> {
    // The role first, so an entry's existence is told to no one else.
    await this.access.assertCan(caller, 'create', 'SubjectAccess', 'entry.dispute');
    const [entry] = await this.dataSource.query<{ childId: string; version: number }[]>(
      `SELECT child_id AS "childId", current_version AS version FROM chronology_entries WHERE id = $1`,
      [entryId],
    );
    if (!entry) throw notFound('Entry');
    const { access } = await this.access.subjectAccess(caller, entry.childId, 'create', 'entry.dispute');
    return this.dataSource.transaction(async (manager) => {
      if (!(await holdOpenEntry(manager, entryId, entry.childId))) throw notFound('Entry');
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO entry_disputes (entry_id, child_id, words, disputed_by, capacity, version_disputed, recorded_by_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now()) RETURNING id`,
        [entryId, entry.childId, dto.words.trim(), dto.disputedBy.trim(), dto.capacity, entry.version, caller.user.practitionerId],
      );
      await this.audit.record(manager, caller, { action: 'entry.dispute', childId: entry.childId, entryIds: [entryId], basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { disputeId: id, capacity: dto.capacity } });
      return this.find(manager, id);
    });
  }

  /** The recording agency's answer: once. "amended" needs an amendment made since the dispute was recorded. */
  async answer(caller: Caller, disputeId: string, dto: AnswerDisputeDto): Promise<DisputeRecordView> {
    const action = 'entry.dispute-answer';
    const [dispute] = await this.dataSource.query<{ entryId: string }[]>(`SELECT entry_id AS "entryId" FROM entry_disputes WHERE id = $1`, [disputeId]);
    if (!dispute) throw notFound('Dispute');
    // Named by the dispute: an entry the caller may not know of is answered as a dispute that does not exist.
    const { entry, access } = await this.access.entryAccess(caller, dispute.entryId, action, { child: 'case-content', orMay: 'amend', named: 'Dispute' });
    await this.access.assertCanWriteEntry(caller, access, 'amend', entry, [], action);
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<{ outcome: string | null; versionDisputed: number; currentVersion: number }[]>(
        `SELECT d.outcome, d.version_disputed AS "versionDisputed", e.current_version AS "currentVersion"
           FROM entry_disputes d JOIN chronology_entries e ON e.id = d.entry_id WHERE d.id = $1 FOR UPDATE OF d`,
        [disputeId],
      );
      if (row.outcome !== null) throw new DomainError('CONFLICT', `This dispute was answered already (${row.outcome})`);
      if (dto.outcome === 'amended' && row.currentVersion <= row.versionDisputed) {
        throw new DomainError('CONFLICT', 'The entry has not been amended since the dispute was recorded: amend it first (POST /api/entries/:entryId/amendments), or uphold it');
      }
      await manager.query(`UPDATE entry_disputes SET outcome = $2, answer_reason = $3, answered_by_id = $4, answered_at = now() WHERE id = $1`, [
        disputeId, dto.outcome, dto.reason.trim(), caller.user.practitionerId,
      ]);
      await this.audit.record(manager, caller, { action, childId: access.childId, entryIds: [dispute.entryId], basis: access, details: { disputeId, outcome: dto.outcome } });
      return this.find(manager, disputeId);
    });
  }

  /** For the data protection officer: open disputes first, oldest first. */
  async list(caller: Caller, query: DisputeListQuery): Promise<DisputeRecordView[]> {
    await this.access.assertCan(caller, 'read', 'SubjectAccess', 'disputes.read');
    return this.dataSource.transaction(async (manager) => {
      const status = query.status ?? 'open';
      const rows = await manager.query<DisputeRecordView[]>(
        `${SELECT} WHERE ($1::uuid IS NULL OR d.child_id = $1) AND ($2 = 'all' OR (d.outcome IS NULL) = ($2 = 'open'))
          ORDER BY d.outcome IS NOT NULL, d.recorded_at LIMIT 1000`,
        [query.childId ?? null, status],
      );
      await this.audit.record(manager, caller, { action: 'disputes.read', childId: query.childId ?? null, purpose: SUBJECT_ACCESS_PURPOSE, details: { status, returned: rows.length } });
      return rows.map(toView);
    });
  }

  private async find(manager: { query: DataSource['query'] }, id: string): Promise<DisputeRecordView> {
    const [row] = await manager.query<DisputeRecordView[]>(`${SELECT} WHERE d.id = $1`, [id]);
    return toView(row);
  }
}

function toView(row: DisputeRecordView): DisputeRecordView {
  const at = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));
  return { ...row, recordedAt: at(row.recordedAt)!, answeredAt: at(row.answeredAt) };
}
