import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { holdOpenEntry } from '../access/entry-facts';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { Clock } from '../common/clock';
import { todayIso } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { CloseSubjectAccessRequestDto, ExemptEntryDto, ExtendSubjectAccessRequestDto, RecordSubjectAccessRequestDto, ReleaseEntryDto, SubjectAccessListQuery } from './dto/subject-access.dto';
import { dueDate, isOverdue, MAX_EXTENSION_MONTHS } from './due-date';
import { SubjectAccessRequestView } from './subject-access-request.view';

/** The purpose every subject access event records, whoever acts: the data subject's right of access. */
export const SUBJECT_ACCESS_PURPOSE = 'subject-access' as const;

type RequestRow = Omit<SubjectAccessRequestView, 'dueOn' | 'firstDueOn' | 'overdue' | 'daysLeft' | 'requester' | 'recordedAt' | 'closedAt' | 'receivedOn'> & {
  requesterName: string;
  capacity: SubjectAccessRequestView['requester']['capacity'];
  receivedOn: string;
  recordedAt: Date;
  closedAt: Date | null;
};

const REQUEST_SELECT = `
  SELECT r.id, r.child_id AS "childId", r.requester_name AS "requesterName", r.capacity, to_char(r.received_on, 'YYYY-MM-DD') AS "receivedOn",
         r.notes, r.status, r.closed_at AS "closedAt", r.recorded_at AS "recordedAt",
         json_build_object('name', rp.name, 'agency', ra.name) AS "recordedBy",
         COALESCE((SELECT json_agg(json_build_object('months', x.months, 'reason', x.reason, 'by', xp.name, 'at', x.extended_at) ORDER BY x.extended_at)
                     FROM subject_access_extensions x JOIN practitioners xp ON xp.id = x.extended_by_id WHERE x.request_id = r.id), '[]') AS extensions,
         COALESCE((SELECT json_agg(json_build_object('entryId', l.entry_id, 'reason', l.reason, 'by', lp.name, 'at', l.released_at) ORDER BY l.released_at)
                     FROM subject_access_releases l JOIN practitioners lp ON lp.id = l.released_by_id WHERE l.request_id = r.id), '[]') AS releases,
         COALESCE((SELECT json_agg(json_build_object('id', k.id, 'format', k.format, 'producedAt', k.produced_at, 'by', kp.name, 'sha256', k.sha256, 'bytes', k.bytes, 'withheld', k.withheld) ORDER BY k.produced_at)
                     FROM subject_access_packs k JOIN practitioners kp ON kp.id = k.produced_by_id WHERE k.request_id = r.id), '[]') AS packs
    FROM subject_access_requests r
    JOIN practitioners rp ON rp.id = r.recorded_by_id
    JOIN agencies ra ON ra.id = rp.agency_id`;

/**
 * Subject access requests (UK GDPR Art. 15), as a data protection officer records and tracks them:
 * who asked and in what capacity, when, the deadline worked out from that and the extensions
 * (due-date.ts), the releases of entries naming other people, and the packs produced
 * (subject-access-pack.service.ts). And the recording agency's exemption of its own entries.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async record(caller: Caller, childId: string, dto: RecordSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    const { access } = await this.access.subjectAccess(caller, childId, 'create', 'subject-access.record');
    return this.dataSource.transaction(async (manager) => {
      const [{ id }] = await manager.query<{ id: string }[]>(
        `INSERT INTO subject_access_requests (child_id, requester_name, capacity, received_on, notes, recorded_by_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
        [childId, dto.requesterName.trim(), dto.capacity, dto.receivedOn, dto.notes?.trim() || null, caller.user.practitionerId],
      );
      await this.audit.record(manager, caller, { action: 'subject-access.record', childId, basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { requestId: id, capacity: dto.capacity, receivedOn: dto.receivedOn } });
      return this.view(await this.find(manager, id));
    });
  }

  /** Open requests first, the most overdue at the top; then by due date. */
  async list(caller: Caller, query: SubjectAccessListQuery): Promise<SubjectAccessRequestView[]> {
    await this.access.assertCan(caller, 'read', 'SubjectAccess', 'subject-access.read');
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<RequestRow[]>(
        `${REQUEST_SELECT} WHERE ($1::uuid IS NULL OR r.child_id = $1) AND ($2::text IS NULL OR r.status = $2) ORDER BY r.received_on, r.recorded_at LIMIT 1000`,
        [query.childId ?? null, query.status ?? null],
      );
      await this.audit.record(manager, caller, { action: 'subject-access.read', childId: query.childId ?? null, purpose: SUBJECT_ACCESS_PURPOSE, details: { status: query.status ?? null, returned: rows.length } });
      const views = rows.map((row) => this.view(row));
      return views.sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || a.dueOn.localeCompare(b.dueOn));
    });
  }

  async get(caller: Caller, requestId: string): Promise<SubjectAccessRequestView> {
    const { row, access } = await this.requestAccess(caller, requestId, 'read', 'subject-access.read');
    return this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, caller, { action: 'subject-access.read', childId: row.childId, basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { requestId } });
      return this.view(row);
    });
  }

  async extend(caller: Caller, requestId: string, dto: ExtendSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    const { row, access } = await this.requestAccess(caller, requestId, 'create', 'subject-access.extend');
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lockOpen(manager, row.id);
      const already = locked.extensions.reduce((sum, extension) => sum + extension.months, 0);
      if (already + dto.months > MAX_EXTENSION_MONTHS) {
        throw new DomainError('CONFLICT', `A request may be extended by at most ${MAX_EXTENSION_MONTHS} months in all; this one has been extended by ${already} already`);
      }
      await manager.query(`INSERT INTO subject_access_extensions (request_id, months, reason, extended_by_id, extended_at) VALUES ($1, $2, $3, $4, now())`, [
        row.id, dto.months, dto.reason.trim(), caller.user.practitionerId,
      ]);
      const view = this.view(await this.find(manager, row.id));
      await this.audit.record(manager, caller, { action: 'subject-access.extend', childId: row.childId, basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { requestId, months: dto.months, dueOn: view.dueOn } });
      return view;
    });
  }

  async close(caller: Caller, requestId: string, dto: CloseSubjectAccessRequestDto): Promise<SubjectAccessRequestView> {
    const { row, access } = await this.requestAccess(caller, requestId, 'create', 'subject-access.close');
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.lockOpen(manager, row.id);
      if (dto.status === 'completed' && locked.packs.length === 0) throw new DomainError('CONFLICT', 'Produce the pack before marking the request completed');
      await manager.query(`UPDATE subject_access_requests SET status = $2, closed_at = now() WHERE id = $1`, [row.id, dto.status]);
      await this.audit.record(manager, caller, { action: 'subject-access.close', childId: row.childId, basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { requestId, status: dto.status } });
      return this.view(await this.find(manager, row.id));
    });
  }

  /** An entry naming other people, shown in full in this request's packs: the reason records the ICO's three-step test. */
  async release(caller: Caller, requestId: string, dto: ReleaseEntryDto): Promise<SubjectAccessRequestView> {
    const { row, access } = await this.requestAccess(caller, requestId, 'create', 'subject-access.release');
    return this.dataSource.transaction(async (manager) => {
      await this.lockOpen(manager, row.id);
      if (!(await holdOpenEntry(manager, dto.entryId, row.childId))) {
        throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'entryId', problem: "is not an entry in this child's chronology" }]);
      }
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO subject_access_releases (request_id, entry_id, reason, released_by_id, released_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT ON CONSTRAINT uq_subject_access_releases DO NOTHING RETURNING id`,
        [row.id, dto.entryId, dto.reason.trim(), caller.user.practitionerId],
      );
      if (inserted.length === 0) throw new DomainError('CONFLICT', 'This entry is already released to this request');
      await this.audit.record(manager, caller, { action: 'subject-access.release', childId: row.childId, entryIds: [dto.entryId], basis: access, purpose: SUBJECT_ACCESS_PURPOSE, details: { requestId } });
      return this.view(await this.find(manager, row.id));
    });
  }

  /** The recording agency (those who may amend the entry) marks it exempt from subject access; the latest marking stands. */
  async exempt(caller: Caller, entryId: string, dto: ExemptEntryDto): Promise<ExemptionView> {
    const action = 'entry.exempt-from-subject-access';
    const { entry, access } = await this.access.entryAccess(caller, entryId, action, { child: 'case-content', orMay: 'amend' });
    await this.access.assertCanWriteEntry(caller, access, 'amend', entry, [], action);
    return this.dataSource.transaction(async (manager) => {
      // Packs leave an entry in error out whole: an exemption of it (or its withdrawal) would mean nothing.
      if (!(await holdOpenEntry(manager, entryId, access.childId))) throw notFound('Entry');
      const [marked] = await manager.query<{ markedAt: Date }[]>(
        `INSERT INTO subject_access_exemptions (entry_id, exemption, reason, marked_by_id, marked_at) VALUES ($1, $2, $3, $4, now()) RETURNING marked_at AS "markedAt"`,
        [entryId, dto.exemption, dto.reason.trim(), caller.user.practitionerId],
      );
      await this.audit.record(manager, caller, { action, childId: access.childId, entryIds: [entryId], basis: access, details: { exemption: dto.exemption } });
      return { entryId, exemption: dto.exemption, reason: dto.reason.trim(), markedAt: marked.markedAt.toISOString() };
    });
  }

  /** The marking in force on an entry, for the agency that may change it; `exemption` null when there is none. */
  async exemptionOf(caller: Caller, entryId: string): Promise<ExemptionView> {
    const action = 'entry.exempt-from-subject-access';
    const { entry, access } = await this.access.entryAccess(caller, entryId, action, { child: 'case-content', orMay: 'amend' });
    await this.access.assertCanWriteEntry(caller, access, 'amend', entry, [], action, 'Only the agency that recorded an entry sees, or changes, its marking for subject access');
    return this.dataSource.transaction(async (manager) => {
      const [marked] = await manager.query<{ exemption: string; reason: string; markedAt: Date }[]>(
        `SELECT exemption, reason, marked_at AS "markedAt" FROM subject_access_exemptions WHERE entry_id = $1 ORDER BY marked_at DESC, id DESC LIMIT 1`,
        [entryId],
      );
      await this.audit.record(manager, caller, { action: 'subject-access.read', childId: access.childId, entryIds: [entryId], basis: access, details: { exemptionOf: entryId } });
      return marked && marked.exemption !== 'none'
        ? { entryId, exemption: marked.exemption, reason: marked.reason, markedAt: marked.markedAt.toISOString() }
        : { entryId, exemption: null, reason: null, markedAt: null };
    });
  }

  /** The policy must let the caller deal with requests before anything is looked up, so a request's existence is not given away. */
  async requestAccess(caller: Caller, requestId: string, action: 'create' | 'read', auditAction: Parameters<AccessService['subjectAccess']>[3]) {
    await this.access.assertCan(caller, action, 'SubjectAccess', auditAction);
    const [row] = await this.dataSource.query<RequestRow[]>(`${REQUEST_SELECT} WHERE r.id = $1`, [requestId]);
    if (!row) throw notFound('Subject access request');
    const { access, subject } = await this.access.subjectAccess(caller, row.childId, action, auditAction);
    return { row, access, subject };
  }

  private async find(manager: EntityManager, requestId: string): Promise<RequestRow> {
    const [row] = await manager.query<RequestRow[]>(`${REQUEST_SELECT} WHERE r.id = $1`, [requestId]);
    if (!row) throw notFound('Subject access request');
    return row;
  }

  /** Changes to a request take turns, and a closed request is answered. */
  private async lockOpen(manager: EntityManager, requestId: string): Promise<RequestRow> {
    await manager.query(`SELECT id FROM subject_access_requests WHERE id = $1 FOR UPDATE`, [requestId]);
    const row = await this.find(manager, requestId);
    if (row.status !== 'open') throw new DomainError('CONFLICT', `This request is ${row.status}; it can no longer be changed`);
    return row;
  }

  /** As of the injected clock's today: overdue and days left move with it. */
  view(row: RequestRow, today = todayIso(this.clock.now())): SubjectAccessRequestView {
    const { requesterName, capacity, recordedAt, closedAt, ...rest } = row;
    const months = row.extensions.reduce((sum, extension) => sum + extension.months, 0);
    const dueOn = dueDate(row.receivedOn, months);
    const open = row.status === 'open';
    return {
      ...rest,
      requester: { name: requesterName, capacity },
      dueOn,
      firstDueOn: dueDate(row.receivedOn),
      overdue: isOverdue(dueOn, today, open),
      daysLeft: open ? daysBetween(today, dueOn) : null,
      recordedAt: recordedAt.toISOString(),
      closedAt: closedAt?.toISOString() ?? null,
    };
  }
}

/** An entry's exemption from subject access as its recording agency sees it; `exemption` null when none stands. */
export interface ExemptionView {
  entryId: string;
  exemption: string | null;
  reason: string | null;
  markedAt: string | null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
