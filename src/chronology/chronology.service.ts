import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { Child } from '../children/child.entity';
import type { Caller } from '../common/caller.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { ChronologyEntry } from './chronology-entry.entity';
import { AmendEntryDto, MarkEnteredInErrorDto } from './dto/amend-entry.dto';
import { ChronologyQuery } from './dto/chronology.query';
import { EntryContentDto } from './dto/entry-content.dto';
import { applyChanges, checkAndNormaliseContent, contentFromDto, ENTRY_CONTENT_FIELDS, EntryContent } from './entry-content';
import { CHRONOLOGY_ORDER, ENTRY_ROW_JOINS, ENTRY_ROW_SELECT } from './entry-rows';
import { ChronologyPage, EntryHistoryView, EntryRow, EntryView, toEntryView } from './entry.view';
import { VersionChange } from './entry-vocabulary';
import { EventTaxonomyService } from './event-taxonomy.service';

const DEFAULT_PAGE_SIZE = 100;

@Injectable()
export class ChronologyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly taxonomy: EventTaxonomyService,
  ) {}

  async recordEntry(caller: Caller, childId: string, dto: EntryContentDto): Promise<EntryView> {
    await this.access.assertCanRecordEntry(caller, childId, 'entry.create');
    const content = checkAndNormaliseContent(contentFromDto(dto), (code) => this.taxonomy.find(code));
    return this.dataSource.transaction(async (manager) => {
      const child = await this.requireChild(manager, childId);
      const now = new Date();
      const entry = await manager.save(
        manager.create(ChronologyEntry, {
          childId,
          sourceAgencyId: caller.user.agency.id,
          authorId: caller.user.practitionerId,
          recordedAt: now,
          status: 'current',
          currentVersion: 1,
        }),
      );
      await this.insertVersion(manager, entry.id, 1, 'created', null, caller, now, content);
      await this.audit.record(manager, caller, { action: 'entry.create', childId, entryIds: [entry.id] });
      return this.readEntryView(manager, entry.id, 1, child.dateOfBirth);
    });
  }

  async readChronology(caller: Caller, childId: string, query: ChronologyQuery): Promise<ChronologyPage> {
    await this.access.assertCanReadCaseContent(caller, childId, 'chronology.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return this.dataSource.transaction(async (manager) => {
      const child = await this.requireChild(manager, childId);
      const { where, parameters } = chronologyFilter(childId, query);
      // The window count rides along with the page, saving a second pass over the child's entries.
      const rows = await manager.query<(EntryRow & { matching: number })[]>(
        `SELECT ${ENTRY_ROW_SELECT}, count(*) OVER ()::int AS "matching" FROM chronology_entries e
           JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
           ${ENTRY_ROW_JOINS}
         WHERE ${where}
         ORDER BY ${CHRONOLOGY_ORDER}
         LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
        [...parameters, pageSize, (page - 1) * pageSize],
      );
      const total = rows.length > 0 ? rows[0].matching : await this.countMatching(manager, where, parameters);
      const items = rows.map((row) => this.toView(row, child.dateOfBirth));
      await this.audit.record(manager, caller, {
        action: 'chronology.read',
        childId,
        entryIds: items.map((item) => item.id),
        details: { filters: describeFilters(query), page, pageSize, total },
      });
      return { childId, page, pageSize, total, items };
    });
  }

  async readEntry(caller: Caller, entryId: string): Promise<EntryView> {
    const entry = await this.requireEntry(this.dataSource.manager, entryId);
    await this.access.assertCanReadCaseContent(caller, entry.childId, 'entry.read');
    return this.dataSource.transaction(async (manager) => {
      const child = await this.requireChild(manager, entry.childId);
      await this.audit.record(manager, caller, { action: 'entry.read', childId: entry.childId, entryIds: [entryId] });
      return this.readEntryView(manager, entryId, entry.currentVersion, child.dateOfBirth);
    });
  }

  async readHistory(caller: Caller, entryId: string): Promise<EntryHistoryView> {
    const entry = await this.requireEntry(this.dataSource.manager, entryId);
    await this.access.assertCanReadCaseContent(caller, entry.childId, 'entry.history');
    return this.dataSource.transaction(async (manager) => {
      const child = await this.requireChild(manager, entry.childId);
      const rows = await manager.query<EntryRow[]>(
        `SELECT ${ENTRY_ROW_SELECT} FROM chronology_entries e
           JOIN chronology_entry_versions v ON v.entry_id = e.id
           ${ENTRY_ROW_JOINS}
         WHERE e.id = $1 ORDER BY v.version_number ASC`,
        [entryId],
      );
      await this.audit.record(manager, caller, { action: 'entry.history', childId: entry.childId, entryIds: [entryId] });
      return {
        entryId,
        childId: entry.childId,
        status: entry.status,
        currentVersion: entry.currentVersion,
        versions: rows.map((row) => this.toView(row, child.dateOfBirth)),
      };
    });
  }

  async amend(caller: Caller, entryId: string, dto: AmendEntryDto): Promise<EntryView> {
    return this.changeEntry(caller, entryId, 'amended', dto.reason, (current) => {
      if (dto.baseVersion !== undefined && dto.baseVersion !== current.versionNumber) {
        throw new DomainError('STALE_VERSION', `The entry is at version ${current.versionNumber}, not ${dto.baseVersion}; reload it and amend again`);
      }
      const { content, changedFields } = applyChanges(current, dto.changes);
      if (changedFields.length === 0) throw new DomainError('NO_CHANGES', 'The amendment changes nothing');
      return checkAndNormaliseContent(content, (code) => this.taxonomy.find(code), 'changes.');
    });
  }

  async markEnteredInError(caller: Caller, entryId: string, dto: MarkEnteredInErrorDto): Promise<EntryView> {
    return this.changeEntry(caller, entryId, 'entered-in-error', dto.reason, (current) => current);
  }

  /** Every change is a new immutable version, written with its audit record in one transaction. */
  private async changeEntry(
    caller: Caller,
    entryId: string,
    change: Exclude<VersionChange, 'created'>,
    reason: string,
    nextContent: (current: ChronologyEntryVersion) => EntryContent,
  ): Promise<EntryView> {
    const action = change === 'amended' ? 'entry.amend' : 'entry.mark-entered-in-error';
    const snapshot = await this.requireEntry(this.dataSource.manager, entryId);
    await this.access.assertCanAmendEntry(caller, snapshot, action);
    return this.dataSource.transaction(async (manager) => {
      // The row lock serialises concurrent amendments so version numbers never collide.
      const entry = await manager.findOne(ChronologyEntry, { where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
      if (!entry) throw notFound('Entry');
      if (entry.status === 'entered-in-error') {
        throw new DomainError('ENTRY_ENTERED_IN_ERROR', 'This entry was marked as entered in error and cannot be changed');
      }
      const current = await manager.findOneByOrFail(ChronologyEntryVersion, { entryId, versionNumber: entry.currentVersion });
      const content = nextContent(current);
      const versionNumber = entry.currentVersion + 1;
      await this.insertVersion(manager, entryId, versionNumber, change, reason.trim(), caller, new Date(), content);
      await manager.update(ChronologyEntry, { id: entryId }, { currentVersion: versionNumber, status: change });
      await this.audit.record(manager, caller, { action, childId: entry.childId, entryIds: [entryId], details: { version: versionNumber } });
      const child = await this.requireChild(manager, entry.childId);
      return this.readEntryView(manager, entryId, versionNumber, child.dateOfBirth);
    });
  }

  private async insertVersion(
    manager: EntityManager,
    entryId: string,
    versionNumber: number,
    change: VersionChange,
    changeReason: string | null,
    caller: Caller,
    changedAt: Date,
    content: EntryContent,
  ): Promise<void> {
    await manager.insert(ChronologyEntryVersion, {
      ...pickContent(content),
      entryId,
      versionNumber,
      change,
      changeReason,
      changedById: caller.user.practitionerId,
      changedAt,
    });
  }

  /** Only needed for a page past the end, where the window count has no row to ride on. */
  private async countMatching(manager: EntityManager, where: string, parameters: unknown[]): Promise<number> {
    const [{ total }] = await manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         JOIN agencies a ON a.id = e.source_agency_id
       WHERE ${where}`,
      parameters,
    );
    return total;
  }

  private async readEntryView(manager: EntityManager, entryId: string, versionNumber: number, childDateOfBirth: string): Promise<EntryView> {
    const [row] = await manager.query<EntryRow[]>(
      `SELECT ${ENTRY_ROW_SELECT} FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = $2
         ${ENTRY_ROW_JOINS}
       WHERE e.id = $1`,
      [entryId, versionNumber],
    );
    return this.toView(row, childDateOfBirth);
  }

  private toView(row: EntryRow, childDateOfBirth: string): EntryView {
    return toEntryView(row, childDateOfBirth, this.taxonomy.find(row.eventType));
  }

  private async requireChild(manager: EntityManager, childId: string): Promise<Child> {
    const child = await manager.findOneBy(Child, { id: childId });
    if (!child) throw notFound('Child');
    return child;
  }

  private async requireEntry(manager: EntityManager, entryId: string): Promise<ChronologyEntry> {
    const entry = await manager.findOneBy(ChronologyEntry, { id: entryId });
    if (!entry) throw notFound('Entry');
    return entry;
  }
}

/** Only the content columns: a version row read back also carries its own id, number and change metadata. */
function pickContent(content: EntryContent): EntryContent {
  return Object.fromEntries(ENTRY_CONTENT_FIELDS.map((field) => [field, content[field]])) as unknown as EntryContent;
}

/** Filters become SQL parameters ($1...), never string-spliced values. */
function chronologyFilter(childId: string, query: ChronologyQuery): { where: string; parameters: unknown[] } {
  const parameters: unknown[] = [childId];
  const clauses = ['e.child_id = $1'];
  const add = (clause: (placeholder: string) => string, value: unknown): void => {
    parameters.push(value);
    clauses.push(clause(`$${parameters.length}`));
  };
  if (!query.includeEnteredInError) clauses.push(`e.status <> 'entered-in-error'`);
  if (query.from) add((p) => `COALESCE(v.event_end_date, v.event_date) >= ${p}::date`, query.from);
  if (query.to) add((p) => `v.event_date <= ${p}::date`, query.to);
  if (query.agency?.length) add((p) => `a.code = ANY(${p}::text[])`, query.agency);
  if (query.eventType?.length) add((p) => `v.event_type = ANY(${p}::text[])`, query.eventType);
  if (query.significant !== undefined) add((p) => `v.significant = ${p}::boolean`, query.significant);
  return { where: clauses.join(' AND '), parameters };
}

function describeFilters(query: ChronologyQuery): Record<string, unknown> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return filters;
}
