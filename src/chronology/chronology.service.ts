import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EntryAttributes } from '../access/ability.factory';
import type { Sensitivity, WritableEntryField } from '../access/access-policy';
import { AccessService } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import { assertOpenToChange, intersect, readableFields } from '../access/entry-decision';
import type { CallerAction } from '../audit/audit-vocabulary';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { displayDate } from './date-display';
import { disclosureOf } from './disclosure';
import { AmendEntryDto, MarkEnteredInErrorDto } from './dto/amend-entry.dto';
import { ChronologyQuery } from './dto/chronology.query';
import { EntryContentDto } from './dto/entry-content.dto';
import { applyChanges, checkAndNormaliseContent, contentFromDto, EntryContent, policyFieldsOf, suppliedFields } from './entry-content';
import { childDateOfBirth, EntryProjection, entryProjection, toEntryView } from './entry-projection';
import { AccessedEntryRow, attributesOf, EntryRow } from './entry-row';
import { ChronologyPage, EntryHistoryView, EntryView, WithheldEntryView } from './entry.view';
import { EntryEvents } from './entry-events';
import { EntryRepository } from './entry.repository';
import type { VersionChange } from './entry-vocabulary';
import { EventTaxonomyService } from './event-taxonomy.service';
import { historyWithheldMessage, toUndatedWithheld, toWithheldEntryView } from './withheld-notices';

const DEFAULT_PAGE_SIZE = 100;
const OUTLINE_PAGE_SIZE = 2000;
const OUTLINE_FIELDS = ['eventDate', 'eventType', 'summary'] as const;

/** A new entry's content, and the fields its writer supplied (the rest are defaults). */
export interface EntryToRecord {
  content: EntryContent;
  supplied: readonly (keyof EntryContent)[];
}

/** What tells two entries of one agency apart: see ChronologyService.entryOutlines. */
export interface EntryOutline {
  id: string;
  eventDate: string;
  eventType: string;
  summary: string;
}

/** What a list of the caller's children shows of one chronology: see ChronologyService.activity. */
export interface ChronologyActivity {
  latest: { entryId: string; eventDate: string; eventDateDisplay: string } | null;
  newFromOtherAgencies: number;
}

/** Authors met while building views: many entries share one, and the JSON is the same. */
type Authors = Parameters<typeof toEntryView>[4];

/**
 * The chronology's use cases: recording, reading, amending and marking entries. Who may see what
 * is the access module's to decide, the SQL the repository's; each use case puts them together
 * with its audit event.
 */
@Injectable()
export class ChronologyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly entries: EntryRepository,
    private readonly taxonomy: EventTaxonomyService,
    private readonly events: EntryEvents,
  ) {}

  async recordEntry(caller: Caller, childId: string, dto: EntryContentDto): Promise<EntryView> {
    const access = await this.access.childAccess(caller, childId, 'entry.create');
    const content = checkAndNormaliseContent(contentFromDto(dto), (code) => this.taxonomy.find(code));
    const { agency } = caller.user;
    const attributes: EntryAttributes = { sourceAgencyId: agency.id, sourceAgencyType: agency.type, sensitivity: content.sensitivity, sharedWithMyAgency: false };
    const written = policyFieldsOf(suppliedFields(dto));
    await this.access.assertCanWriteEntry(caller, access, 'create', attributes, written, 'entry.create');
    return this.dataSource.transaction(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const now = new Date();
      const entryId = await this.entries.create(manager, { childId, sourceAgencyId: agency.id, authorId: caller.user.practitionerId, recordedAt: now }, content);
      await this.audit.record(manager, caller, { action: 'entry.create', childId, entryIds: [entryId], fields: written, basis: access });
      await this.events.written(manager, { caller, entryId, childId, version: 1, change: 'created', significant: content.significant });
      return this.readableView(await this.loadEntry(manager, access, entryId), access, dateOfBirth);
    });
  }

  /**
   * Many entries at once (an import), decided exactly as `recordEntry` decides one: the caller's
   * agency is each entry's source, and every field a row supplies must be writable by the caller on
   * an entry of that row's sensitivity, or nothing is written. Returns the policy fields written.
   */
  async assertCanRecordEntries(caller: Caller, access: ChildAccess, rows: readonly EntryToRecord[], auditAction: CallerAction): Promise<WritableEntryField[]> {
    const { agency } = caller.user;
    const fieldsBySensitivity = new Map<Sensitivity, Set<keyof EntryContent>>();
    for (const { content, supplied } of rows) {
      const fields = fieldsBySensitivity.get(content.sensitivity) ?? new Set();
      for (const field of supplied) fields.add(field);
      fieldsBySensitivity.set(content.sensitivity, fields);
    }
    const written = new Set<WritableEntryField>();
    for (const [sensitivity, fields] of fieldsBySensitivity) {
      const policyFields = policyFieldsOf([...fields]);
      const attributes: EntryAttributes = { sourceAgencyId: agency.id, sourceAgencyType: agency.type, sensitivity, sharedWithMyAgency: false };
      await this.access.assertCanWriteEntry(caller, access, 'create', attributes, policyFields, auditAction);
      for (const field of policyFields) written.add(field);
    }
    return [...written];
  }

  /** Entries checked by `assertCanRecordEntries`, written in the caller's transaction, which records their audit event. Returns their ids in order. */
  recordEntries(manager: EntityManager, caller: Caller, access: ChildAccess, contents: readonly EntryContent[]): Promise<string[]> {
    const author = { childId: access.childId, sourceAgencyId: caller.user.agency.id, authorId: caller.user.practitionerId, recordedAt: new Date() };
    return this.entries.createMany(manager, author, contents);
  }

  /**
   * The date, event type and summary of each current entry of an agency that the caller may read
   * all three of: what an import compares its rows with. Not audited here: the caller records what
   * it shows.
   */
  async entryOutlines(access: ChildAccess, agencyCode: string): Promise<EntryOutline[]> {
    const outlines: EntryOutline[] = [];
    const projectionOf = this.projectionsFor(access);
    for (let page = 1; ; page += 1) {
      const { rows } = await this.entries.chronologyPage(this.dataSource.manager, access, { agency: [agencyCode] }, page, OUTLINE_PAGE_SIZE);
      for (const row of rows) {
        const fields = row.readable ? projectionOf(row).fields : [];
        if (OUTLINE_FIELDS.every((field) => fields.includes(field))) outlines.push({ id: row.id, eventDate: row.eventDate, eventType: row.eventType, summary: row.summary });
      }
      if (rows.length < OUTLINE_PAGE_SIZE) return outlines;
    }
  }

  /** A page of the merged chronology, handed back once the read's audit event is durable. */
  async readChronology(caller: Caller, childId: string, query: ChronologyQuery): Promise<ChronologyPage>;
  /**
   * The page as the text `serialise` writes of it (the API's JSON), written while the read's audit
   * event commits and handed back only once the event is durable: the writing overlaps the commit,
   * the answer never precedes it. Synchronous, so nothing it does can fail unobserved meanwhile.
   */
  async readChronology(caller: Caller, childId: string, query: ChronologyQuery, serialise: (page: ChronologyPage) => string): Promise<string>;
  async readChronology(caller: Caller, childId: string, query: ChronologyQuery, serialise?: (page: ChronologyPage) => string): Promise<ChronologyPage | string> {
    const access = await this.access.caseContentAccess(caller, childId, 'chronology.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const { page: _page, pageSize: _pageSize, ...filters } = query;
      const { rows, total, undatedWithheld } = await this.entries.chronologyPage(manager, access, filters, page, pageSize, { withUndatedWithheld: true });
      const projectionOf = this.projectionsFor(access);
      const projections = rows.map((row) => (row.readable ? projectionOf(row) : null));
      const disclosure = disclosureOf(rows.flatMap((row, index) => (row.readable ? [{ entryId: row.id, fields: projections[index]!.fields }] : [])));
      // The audit event goes to the database while the entries are built; the read fails if it cannot be written.
      const audited = this.audit.record(manager, caller, {
        action: 'chronology.read',
        childId,
        entryIds: disclosure.entryIds,
        fields: disclosure.fields,
        basis: access,
        details: { filters, page, pageSize, total, withheld: rows.length - disclosure.entryIds.length, fieldSets: disclosure.fieldSets },
      });
      audited.catch(() => undefined);
      await new Promise(setImmediate);
      const authors: Authors = new Map();
      const items = rows.map((row, index) => {
        const projection = projections[index];
        return projection ? this.toView(row, projection, dateOfBirth, authors) : toWithheldEntryView(row, true);
      });
      const chronology: ChronologyPage = { childId, access: { relationship: access.relationship, claim: access.claim }, page, pageSize, total, items, withheldUndated: undatedWithheld.map(toUndatedWithheld) };
      const answer = serialise ? serialise(chronology) : chronology;
      await audited;
      return answer;
    });
  }

  /**
   * An entry you may read, or its withheld marker; "not found" if the policy does not even let you
   * know it exists, or if it is not the child's named by `childId`; and, for a page that exists to
   * change or share it (`change`), refused unless the caller may, the refusal recorded as the action
   * attempted. All decided before anything is read.
   */
  async readEntry(
    caller: Caller,
    entryId: string,
    childId?: string,
    change?: { mustMay: 'amend' | 'share'; attempting: CallerAction },
  ): Promise<EntryView | WithheldEntryView> {
    const { access } = await this.access.entryAccess(caller, entryId, change?.attempting ?? 'entry.read', { child: 'case-content', childId, mustMay: change?.mustMay });
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const row = await this.loadEntry(manager, access, entryId);
      const projection = row.readable ? entryProjection(readableFields(access, attributesOf(row)), row) : null;
      await this.audit.record(manager, caller, {
        action: 'entry.read',
        childId: access.childId,
        entryIds: projection ? [entryId] : [],
        fields: projection?.fields ?? [],
        basis: access,
        details: projection ? {} : { withheld: entryId },
      });
      return projection ? this.toView(row, projection, dateOfBirth) : toWithheldEntryView(row, row.dated);
    });
  }

  async readHistory(caller: Caller, entryId: string): Promise<EntryHistoryView> {
    const { access } = await this.access.entryAccess(caller, entryId, 'entry.history', { child: 'case-content' });
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const current = await this.loadEntry(manager, access, entryId);
      const currentFields = current.readable ? readableFields(access, attributesOf(current)) : new Set<string>();
      if (!currentFields.has('history')) {
        await this.access.recordDenial(caller, access, 'entry.history', [entryId], 'field-not-readable');
        throw new DomainError('FORBIDDEN', historyWithheldMessage(current));
      }
      const rows = await this.entries.history(manager, access, entryId);
      await this.audit.record(manager, caller, { action: 'entry.history', childId: access.childId, entryIds: [entryId], fields: ['history'], basis: access });
      return {
        entryId,
        childId: access.childId,
        status: current.status,
        currentVersion: current.currentVersion,
        // An older version is shown only as far as both its own sensitivity and the entry's current one allow.
        versions: rows.map((row) => this.toView(row, entryProjection(intersect(currentFields, readableFields(access, attributesOf(row))), row), dateOfBirth)),
      };
    });
  }

  /**
   * A chronology in two figures, decided by the same rules as the merged chronology: its latest
   * entry whose date the caller may read, and how many entries agencies other than `agencyId`
   * recorded after `since` (ever, when null) that the caller may read. Withheld entries count in
   * neither: a marker shows no recording time, so counting it as new would tell what the marker
   * does not. Not audited here: the caller records what it shows.
   */
  async activity(access: ChildAccess, agencyId: string, since: Date | null): Promise<ChronologyActivity> {
    const row = await this.read((manager) => this.entries.activity(manager, access, agencyId, since));
    const latest = row.entryId && row.eventDate && row.datePrecision ? { entryId: row.entryId, eventDate: row.eventDate, eventDateDisplay: displayDate(row.eventDate, row.datePrecision) } : null;
    return { latest, newFromOtherAgencies: row.newFromOtherAgencies };
  }

  async amend(caller: Caller, entryId: string, dto: AmendEntryDto): Promise<EntryView> {
    return this.changeEntry(caller, entryId, 'amended', dto.reason, (current) => {
      if (dto.baseVersion !== undefined && dto.baseVersion !== current.versionNumber) {
        throw new DomainError('STALE_VERSION', `The entry is at version ${current.versionNumber}, not ${dto.baseVersion}; reload it and amend again`);
      }
      const { content, changedFields } = applyChanges(current, dto.changes);
      if (changedFields.length === 0) throw new DomainError('NO_CHANGES', 'The amendment changes nothing');
      return { content: checkAndNormaliseContent(content, (code) => this.taxonomy.find(code), 'changes.'), changedFields };
    });
  }

  async markEnteredInError(caller: Caller, entryId: string, dto: MarkEnteredInErrorDto): Promise<EntryView> {
    return this.changeEntry(caller, entryId, 'entered-in-error', dto.reason, (current) => ({ content: current, changedFields: [] }));
  }

  /** Every change is a new immutable version, written with its audit record in one transaction. */
  private async changeEntry(
    caller: Caller,
    entryId: string,
    change: Exclude<VersionChange, 'created'>,
    reason: string,
    nextContent: (current: ChronologyEntryVersion) => { content: EntryContent; changedFields: (keyof EntryContent)[] },
  ): Promise<EntryView> {
    const action = change === 'amended' ? 'entry.amend' : 'entry.mark-entered-in-error';
    const { access } = await this.access.entryAccess(caller, entryId, action, { child: 'record', orMay: 'amend' });
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.entries.lockForChange(manager, entryId);
      if (!entry) throw notFound('Entry');
      const before = { ...attributesOf(await this.loadEntry(manager, access, entryId)), id: entryId };
      await this.access.assertCanWriteEntry(caller, access, 'amend', before, [], action);
      assertOpenToChange(entry);
      const { content, changedFields } = nextContent(await this.entries.currentContent(manager, entry));
      // The fields must be writable on the entry as it is and as it will be (a change of sensitivity changes who may write).
      const written = policyFieldsOf(changedFields);
      await this.access.assertCanWriteEntry(caller, access, 'amend', before, written, action);
      await this.access.assertCanWriteEntry(caller, access, 'amend', { ...before, sensitivity: content.sensitivity }, written, action);
      const versionNumber = entry.currentVersion + 1;
      await this.entries.change(manager, {
        entryId,
        versionNumber,
        change,
        changeReason: reason.trim(),
        changedById: caller.user.practitionerId,
        changedAt: new Date(),
        content,
      });
      await this.audit.record(manager, caller, { action, childId: entry.childId, entryIds: [entryId], fields: written, basis: access, details: { version: versionNumber } });
      await this.events.written(manager, { caller, entryId, childId: entry.childId, version: versionNumber, change, significant: content.significant });
      return this.readableView(await this.loadEntry(manager, access, entryId), access, childDateOfBirth(access));
    });
  }

  /**
   * An entry as a notice of it may show it to this caller (a notification, its page): the view the
   * caller would get reading the entry, or its withheld marker, and the fields shown; null when the
   * policy does not let the caller know of it. Not audited here: the caller records what it shows.
   */
  async notice(access: ChildAccess, entryId: string): Promise<{ view: EntryView | WithheldEntryView; fields: string[] } | null> {
    const row = await this.entries.find(this.dataSource.manager, access, entryId);
    if (!row || (!row.readable && !row.locatable)) return null;
    if (!row.readable) return { view: toWithheldEntryView(row, row.dated), fields: [] };
    const projection = entryProjection(readableFields(access, attributesOf(row)), row);
    return { view: this.toView(row, projection, childDateOfBirth(access)), fields: [...projection.fields] };
  }

  /**
   * A read writes one thing, its audit event, in one statement: there is nothing for a transaction
   * to make atomic (and under READ COMMITTED it would not give the statements one snapshot either),
   * so a read runs its statements on the pool: it saves the round trips of BEGIN and COMMIT, and as it
   * holds no connection between statements it may send several at once without starving the pool.
   */
  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  private async loadEntry(manager: EntityManager, access: ChildAccess, entryId: string): Promise<AccessedEntryRow> {
    const row = await this.entries.find(manager, access, entryId);
    if (!row) throw notFound('Entry');
    return row;
  }

  /**
   * The fields of each entry the caller may read, as a projection onto the view. They depend only
   * on the entry's source agency, sensitivity and whether it was shared with the caller's agency,
   * so one decision serves every entry with the same attributes.
   */
  private projectionsFor(access: ChildAccess): (row: AccessedEntryRow) => EntryProjection {
    const decided = new Map<string, EntryProjection>();
    return (row) => {
      const key = `${row.agencyId}|${row.sensitivity}|${row.sharedWithMyAgency}`;
      let projection = decided.get(key);
      if (!projection) {
        projection = entryProjection(readableFields(access, attributesOf(row)), row);
        decided.set(key, projection);
      }
      return projection;
    };
  }

  /**
   * The entry as the policy lets the caller read it. After a write that is usually in full (the writer's
   * own agency); a policy that lets a role write what it may not read gets the entry with every field
   * withheld, never an error after the write has been made.
   */
  private readableView(row: AccessedEntryRow, access: ChildAccess, childDateOfBirth: string): EntryView {
    return this.toView(row, entryProjection(readableFields(access, attributesOf(row)), row), childDateOfBirth);
  }

  private toView(row: EntryRow, projection: EntryProjection, childDateOfBirth: string, authors?: Authors): EntryView {
    return toEntryView(row, projection, childDateOfBirth, this.taxonomy.find(row.eventType), authors);
  }
}
