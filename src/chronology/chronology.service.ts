import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EntryAttributes, entrySubject, permittedEntryFields } from '../access/ability.factory';
import { AccessService, ChildAccess } from '../access/access.service';
import { EntryAttributeColumns, entryPermissionSql } from '../access/entry-permission-sql';
import { SqlParameters } from '../common/sql-parameters';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { childNotFound, DomainError, notFound } from '../common/domain-error';
import { preparedQuery } from '../database/prepared-query';
import { ChronologyEntryVersion } from './chronology-entry-version.entity';
import { ChronologyEntry } from './chronology-entry.entity';
import { AmendEntryDto, MarkEnteredInErrorDto } from './dto/amend-entry.dto';
import { ChronologyQuery } from './dto/chronology.query';
import { EntryContentDto } from './dto/entry-content.dto';
import {
  applyChanges,
  checkAndNormaliseContent,
  contentFromDto,
  ENTRY_CONTENT_FIELDS,
  EntryContent,
  policyFieldsOf,
  suppliedFields,
} from './entry-content';
import { CHRONOLOGY_ORDER, ENTRY_ROW_JOINS, entryRowSelect } from './entry-rows';
import {
  ChronologyPage,
  displayDate,
  EntryHistoryView,
  EntryProjection,
  entryProjection,
  EntryRow,
  EntryView,
  toEntryView,
  toUndatedWithheld,
  toWithheldEntryView,
  UndatedWithheldEntries,
  WithheldEntryView,
} from './entry.view';
import { disclosureOf } from './disclosure';
import { DatePrecision, Sensitivity, SENSITIVITIES, VersionChange } from './entry-vocabulary';
import { EventTaxonomyService } from './event-taxonomy.service';

const DEFAULT_PAGE_SIZE = 100;

/** An entry row with what the database worked out about the caller's access to it. */
type AccessedRow = EntryRow & { sharedWithMyAgency: boolean; readable: boolean; locatable: boolean; dated: boolean };
/** The version a document shows, with what an audience's profile looks at of the entry as it is now. */
type DocumentRow = AccessedRow & { currentSensitivity: Sensitivity; currentNamesThirdParties: boolean };

/** The chronology's filters, without paging. */
export type ChronologyFilters = Omit<ChronologyQuery, 'page' | 'pageSize'>;

/**
 * entry: shown in the table; marker: the policy withholds it whole but shows its date; undated: the
 * policy withholds it whole, date included, so it is only counted; left-out: the audience's copy
 * leaves its date out, so it cannot be placed in the table.
 */
export type DocumentShown = 'entry' | 'marker' | 'undated' | 'left-out';

/** What a list of the caller's children shows of one chronology: see ChronologyService.activity. */
export interface ChronologyActivity {
  latest: { entryId: string; eventDate: string; eventDateDisplay: string } | null;
  newFromOtherAgencies: number;
}

/** An entry version a document took account of, and how it showed it. */
export interface RecordedItem {
  entryId: string;
  version: number;
  shown: DocumentShown;
}

/**
 * Which entries a printed document covers: those the filters select now (at most `limit` that can
 * be placed in the table), or the versions an earlier document covered, made with those filters.
 */
export type DocumentSelection = { filters: ChronologyFilters; limit: number } | { filters: ChronologyFilters; recorded: RecordedItem[] };

export interface DocumentItem extends RecordedItem {
  view: EntryView | WithheldEntryView;
  /** The fields the policy lets the caller read of it ... */
  readable: ReadonlySet<string>;
  /** ... and those of them the document may show. */
  fields: ReadonlySet<string>;
}

/** SQL for the caller's access to each entry (`e`, its current version `cv`, agency `a`), shared by every entry read. */
interface AccessSql {
  predicates: { readable: string; locatable: string; dated: string };
  /** Defines `s.shared`, which the predicates use. */
  sharedJoin: string;
  joins: string;
  columns: string;
  parameters: SqlParameters;
  /** For filters: "the caller may read this field of the entry". */
  canRead(field: string): string;
}

@Injectable()
export class ChronologyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly taxonomy: EventTaxonomyService,
  ) {}

  async recordEntry(caller: Caller, childId: string, dto: EntryContentDto): Promise<EntryView> {
    const access = await this.access.childAccess(caller, childId, 'entry.create');
    const content = checkAndNormaliseContent(contentFromDto(dto), (code) => this.taxonomy.find(code));
    const { agency } = caller.user;
    const attributes: EntryAttributes = { sourceAgencyId: agency.id, sourceAgencyType: agency.type, sensitivity: content.sensitivity, sharedWithMyAgency: false };
    await this.access.assertCanWriteEntry(caller, access, 'create', attributes, policyFieldsOf(suppliedFields(dto)), 'entry.create');
    return this.dataSource.transaction(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const now = new Date();
      const entry = await manager.save(
        manager.create(ChronologyEntry, {
          childId,
          sourceAgencyId: agency.id,
          authorId: caller.user.practitionerId,
          recordedAt: now,
          status: 'current',
          currentVersion: 1,
        }),
      );
      await this.insertVersion(manager, entry.id, 1, 'created', null, caller, now, content);
      await this.audit.record(manager, caller, { action: 'entry.create', childId, entryIds: [entry.id], fields: policyFieldsOf(suppliedFields(dto)), basis: access });
      return this.readableView(await this.loadEntry(manager, access, entry.id), access, dateOfBirth);
    });
  }

  async readChronology(caller: Caller, childId: string, query: ChronologyQuery): Promise<ChronologyPage> {
    const access = await this.access.caseContentAccess(caller, childId, 'chronology.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const sql = this.accessSql(access, [childId], 'v');
      const where = chronologyFilter(query, sql);
      const filterParameters = [...sql.parameters.values];
      // A read holds no connection between its statements, so the undated-withheld summary can be on its way while the page is fetched.
      const undated = this.undatedWithheld(manager, access);
      // Handled here too, so a failure meanwhile is not an unhandled rejection; it still fails the read below.
      undated.catch(() => undefined);
      // One row past the page tells whether a count is needed at all: a chronology read whole (the common case) needs none.
      const rows = await preparedQuery<AccessedRow>(
        manager,
        `SELECT ${sql.columns}
           FROM chronology_entries e
           JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
           ${ENTRY_ROW_JOINS}
           ${sql.joins}
          WHERE ${where}
          ORDER BY ${CHRONOLOGY_ORDER}
          LIMIT ${sql.parameters.add(pageSize + 1)} OFFSET ${sql.parameters.add((page - 1) * pageSize)}`,
        sql.parameters.values,
      );
      const morePages = rows.length > pageSize;
      if (morePages) rows.pop();
      const total =
        !morePages && (rows.length > 0 || page === 1) ? (page - 1) * pageSize + rows.length : await this.countMatching(manager, where, sql.joins, filterParameters);
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
        details: { filters: describeFilters(query), page, pageSize, total, withheld: rows.length - disclosure.entryIds.length, fieldSets: disclosure.fieldSets },
      });
      audited.catch(() => undefined);
      await new Promise(setImmediate);
      const authors: Parameters<typeof toEntryView>[4] = new Map();
      const items = rows.map((row, index) => {
        const projection = projections[index];
        return projection ? this.toView(row, projection, dateOfBirth, authors) : toWithheldEntryView(row, true);
      });
      const [withheldUndated] = await Promise.all([undated, audited]);
      return { childId, access: { relationship: access.relationship, claim: access.claim }, page, pageSize, total, items, withheldUndated };
    });
  }

  /**
   * The entries a printed document covers, decided exactly as the merged chronology decides them:
   * the rows the filters select and the withheld entries whose date the caller may not see (for
   * the agencies filtered, as their markers name the agency), or exactly the versions an earlier
   * document covered. Each comes with the fields the policy lets the caller read, and those
   * `narrow` (an audience's profile) leaves of them. A recorded version is judged by the stricter
   * of its own attributes and the entry's current ones, so a later raise in sensitivity or a later
   * "names third parties" narrows it as it would a fresh document.
   */
  async documentItems(
    manager: EntityManager,
    access: ChildAccess,
    selection: DocumentSelection,
    narrow: (readable: ReadonlySet<string>, row: EntryRow) => Set<string>,
  ): Promise<DocumentItem[]> {
    const rows =
      'recorded' in selection
        ? await this.recordedRows(manager, access, selection)
        : [...(await this.filteredRows(manager, access, selection)), ...(await this.undatedRows(manager, access, selection.filters))];
    const dateOfBirth = childDateOfBirth(access);
    const authors: Parameters<typeof toEntryView>[4] = new Map();
    return rows.map((row): DocumentItem => {
      const sensitivity = stricterSensitivity(row.sensitivity, row.currentSensitivity);
      if (!row.readable) {
        const shown = row.dated ? 'marker' : 'undated';
        return { entryId: row.id, version: row.versionNumber, shown, view: toWithheldEntryView({ ...row, sensitivity }, row.dated), readable: new Set(), fields: new Set() };
      }
      const asNow = { ...row, sensitivity: row.currentSensitivity, namesThirdParties: row.currentNamesThirdParties };
      const readable = intersect(readableFields(access, asNow), readableFields(access, row));
      const fields = intersect(narrow(readable, row), narrow(readable, asNow));
      // A document shows each entry as of the version it shows, status included.
      const asOfVersion = { ...row, status: row.change === 'created' ? 'current' : row.change } satisfies EntryRow;
      const view = this.toView(asOfVersion, entryProjection(fields, row), dateOfBirth, authors);
      return { entryId: row.id, version: row.versionNumber, shown: fields.has('eventDate') ? 'entry' : 'left-out', view, readable, fields };
    });
  }

  private filteredRows(manager: EntityManager, access: ChildAccess, selection: { filters: ChronologyFilters; limit: number }): Promise<DocumentRow[]> {
    const sql = this.accessSql(access, [access.childId], 'v');
    return manager.query<DocumentRow[]>(
      `SELECT ${sql.columns}, v.sensitivity AS "currentSensitivity", CASE WHEN r.readable THEN v.names_third_parties END AS "currentNamesThirdParties"
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         ${ENTRY_ROW_JOINS}
         ${sql.joins}
        WHERE ${chronologyFilter(selection.filters, sql)}
        ORDER BY ${CHRONOLOGY_ORDER}
        LIMIT ${sql.parameters.add(selection.limit)}`,
      sql.parameters.values,
    );
  }

  /**
   * The withheld entries whose marker shows no date, as `undatedWithheld` counts them. Only the
   * agency filter applies: a period, type or significance filter would give away what is withheld.
   */
  private undatedRows(manager: EntityManager, access: ChildAccess, filters: ChronologyFilters): Promise<DocumentRow[]> {
    const sql = this.accessSql(access, [access.childId], 'v');
    const agency = filters.agency?.length ? `AND a.code = ANY(${sql.parameters.add(filters.agency)}::text[])` : '';
    return manager.query<DocumentRow[]>(
      `SELECT ${sql.columns}, v.sensitivity AS "currentSensitivity", NULL AS "currentNamesThirdParties"
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         ${ENTRY_ROW_JOINS}
         ${sql.joins}
        WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND NOT r.readable AND r.locatable AND NOT r.dated ${agency}
        ORDER BY a.name, v.sensitivity, e.id`,
      sql.parameters.values,
    );
  }

  /**
   * The recorded versions, with the caller's access decided on each as the stricter of the version
   * and the entry as it is now. In chronology order: the order the document first showed them in,
   * with any that were recorded undated but whose date the caller may see placed among them. Such
   * an entry was covered whatever the period and filters, so it is shown only if the filters would
   * select it for the caller now; otherwise a regenerated copy would hold more than a fresh one.
   */
  private recordedRows(manager: EntityManager, access: ChildAccess, selection: { filters: ChronologyFilters; recorded: RecordedItem[] }): Promise<DocumentRow[]> {
    const { recorded } = selection;
    const sql = this.accessSql(
      access,
      [access.childId, recorded.map((item) => item.entryId), recorded.map((item) => item.version), recorded.map((item) => item.shown === 'undated')],
      'cv',
      'v',
    );
    return manager.query<DocumentRow[]>(
      `SELECT ${sql.columns}, cv.sensitivity AS "currentSensitivity", CASE WHEN r.readable THEN cv.names_third_parties END AS "currentNamesThirdParties"
         FROM unnest($2::uuid[], $3::int[], $4::boolean[]) AS selected(entry_id, version_number, undated)
         JOIN chronology_entries e ON e.id = selected.entry_id
         JOIN chronology_entry_versions cv ON cv.entry_id = e.id AND cv.version_number = e.current_version
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = selected.version_number
         ${ENTRY_ROW_JOINS}
         ${sql.joins}
        WHERE e.child_id = $1 AND (r.readable OR r.dated OR r.locatable)
          AND (NOT selected.undated OR NOT (r.readable OR r.dated) OR ${chronologyFilter(selection.filters, sql)})
        ORDER BY ${CHRONOLOGY_ORDER}`,
      sql.parameters.values,
    );
  }

  /** An entry you may read, or its withheld marker; "not found" if the policy does not even let you know it exists. */
  async readEntry(caller: Caller, entryId: string): Promise<EntryView | WithheldEntryView> {
    const entry = await this.requireEntry(this.dataSource.manager, entryId);
    const access = await this.access.caseContentAccess(caller, entry.childId, 'entry.read');
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const row = await this.loadEntry(manager, access, entryId);
      if (!row.readable && !row.locatable) return this.entryNotFound(caller, access, entryId, 'entry.read');
      const projection = row.readable ? entryProjection(readableFields(access, row), row) : null;
      await this.audit.record(manager, caller, {
        action: 'entry.read',
        childId: entry.childId,
        entryIds: projection ? [entryId] : [],
        fields: projection?.fields ?? [],
        basis: access,
        details: projection ? {} : { withheld: entryId },
      });
      return projection ? this.toView(row, projection, dateOfBirth) : toWithheldEntryView(row, row.dated);
    });
  }

  async readHistory(caller: Caller, entryId: string): Promise<EntryHistoryView> {
    const entry = await this.requireEntry(this.dataSource.manager, entryId);
    const access = await this.access.caseContentAccess(caller, entry.childId, 'entry.history');
    return this.read(async (manager) => {
      const dateOfBirth = childDateOfBirth(access);
      const current = await this.loadEntry(manager, access, entryId);
      if (!current.readable && !current.locatable) return this.entryNotFound(caller, access, entryId, 'entry.history');
      const currentFields = current.readable ? readableFields(access, current) : new Set<string>();
      if (!currentFields.has('history')) {
        await this.access.recordDenial(caller, access, 'entry.history', [entryId], 'field-not-readable');
        throw new DomainError('FORBIDDEN', `The history of this entry is withheld; it is held by ${current.agencyName}${current.agencyContact ? ` (contact: ${current.agencyContact})` : ''}`);
      }
      const sql = this.accessSql(access, [entryId], 'cv');
      const rows = await manager.query<AccessedRow[]>(
        `SELECT ${sql.columns}
           FROM chronology_entries e
           JOIN chronology_entry_versions cv ON cv.entry_id = e.id AND cv.version_number = e.current_version
           JOIN chronology_entry_versions v ON v.entry_id = e.id
           ${ENTRY_ROW_JOINS}
           ${sql.joins}
          WHERE e.id = $1 ORDER BY v.version_number ASC`,
        sql.parameters.values,
      );
      await this.audit.record(manager, caller, { action: 'entry.history', childId: entry.childId, entryIds: [entryId], fields: ['history'], basis: access });
      return {
        entryId,
        childId: entry.childId,
        status: entry.status,
        currentVersion: entry.currentVersion,
        // An older version is shown only as far as both its own sensitivity and the entry's current one allow.
        versions: rows.map((row) => this.toView(row, entryProjection(intersect(currentFields, readableFields(access, row)), row), dateOfBirth)),
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
    const snapshot = await this.requireEntry(this.dataSource.manager, entryId);
    const access = await this.access.childAccess(caller, snapshot.childId, action);
    return this.dataSource.transaction(async (manager) => {
      // The row lock serialises concurrent amendments so version numbers never collide.
      const entry = await manager.findOne(ChronologyEntry, { where: { id: entryId }, lock: { mode: 'pessimistic_write' } });
      if (!entry) throw notFound('Entry');
      const loaded = await this.loadEntry(manager, access, entryId);
      const before = { ...attributesOf(loaded), id: entryId };
      if (!access.ability.can('amend', entrySubject(before)) && !loaded.readable && !loaded.locatable) {
        return this.entryNotFound(caller, access, entryId, action);
      }
      await this.access.assertCanWriteEntry(caller, access, 'amend', before, [], action);
      if (entry.status === 'entered-in-error') {
        throw new DomainError('ENTRY_ENTERED_IN_ERROR', 'This entry was marked as entered in error and cannot be changed');
      }
      const current = await manager.findOneByOrFail(ChronologyEntryVersion, { entryId, versionNumber: entry.currentVersion });
      const { content, changedFields } = nextContent(current);
      // The fields must be writable on the entry as it is and as it will be (a change of sensitivity changes who may write).
      const written = policyFieldsOf(changedFields);
      await this.access.assertCanWriteEntry(caller, access, 'amend', before, written, action);
      await this.access.assertCanWriteEntry(caller, access, 'amend', { ...before, sensitivity: content.sensitivity }, written, action);
      const versionNumber = entry.currentVersion + 1;
      await this.insertVersion(manager, entryId, versionNumber, change, reason.trim(), caller, new Date(), content);
      await manager.update(ChronologyEntry, { id: entryId }, { currentVersion: versionNumber, status: change });
      await this.audit.record(manager, caller, {
        action,
        childId: entry.childId,
        entryIds: [entryId],
        fields: written,
        basis: access,
        details: { version: versionNumber },
      });
      const dateOfBirth = childDateOfBirth(access);
      return this.readableView(await this.loadEntry(manager, access, entryId), access, dateOfBirth);
    });
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

  /**
   * The caller's access to each entry, computed by the database from the ability's rules. Content
   * columns are fetched only where `readable` holds; `dated` says a withheld marker may show the date.
   * Access turns on the sensitivity of the current version, and also of the recorded one where given.
   */
  private accessSql(access: ChildAccess, initialParameters: unknown[], currentVersionAlias: 'v' | 'cv', recordedVersionAlias?: 'v'): AccessSql {
    const parameters = new SqlParameters(initialParameters);
    const sharedJoin = `CROSS JOIN LATERAL (SELECT e.id = ANY(${parameters.add(access.sharedEntryIds)}::uuid[]) AS shared) s`;
    const columnsFor = (versionAlias: 'v' | 'cv'): EntryAttributeColumns => ({
      sourceAgencyId: 'e.source_agency_id',
      sourceAgencyType: 'a.type',
      sensitivity: `${versionAlias}.sensitivity`,
      sharedWithMyAgency: 's.shared',
    });
    const { ability } = access;
    // With a recorded version too, both its sensitivity and the current one must allow it: the stricter decides.
    const permitted = (action: 'read' | 'locate', field: string | undefined): string => {
      const current = entryPermissionSql(ability, action, field, columnsFor(currentVersionAlias), parameters);
      return recordedVersionAlias ? `(${current} AND ${entryPermissionSql(ability, action, field, columnsFor(recordedVersionAlias), parameters)})` : current;
    };
    const readable = permitted('read', undefined);
    const locatable = permitted('locate', 'sourceAgency');
    const dated = permitted('locate', 'eventDate');
    return {
      parameters,
      predicates: { readable, locatable, dated },
      sharedJoin,
      // OFFSET 0 keeps the planner from inlining these into every column that uses them: each is worked out once per entry.
      joins: `${sharedJoin}
              CROSS JOIN LATERAL (SELECT ${readable} AS readable, ${locatable} AS locatable, ${dated} AS dated OFFSET 0) r`,
      columns: `${entryRowSelect('r.readable')}, s.shared AS "sharedWithMyAgency", r.readable AS "readable", r.locatable AS "locatable", r.dated AS "dated"`,
      canRead: (field) => permitted('read', field),
    };
  }

  private async loadEntry(manager: EntityManager, access: ChildAccess, entryId: string): Promise<AccessedRow> {
    const sql = this.accessSql(access, [entryId], 'v');
    const [row] = await preparedQuery<AccessedRow>(
      manager,
      `SELECT ${sql.columns}
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         ${ENTRY_ROW_JOINS}
         ${sql.joins}
        WHERE e.id = $1`,
      sql.parameters.values,
    );
    if (!row) throw notFound('Entry');
    return row;
  }

  /** Withheld entries whose marker shows no date, counted per agency and sensitivity over the whole chronology. */
  async undatedWithheld(manager: EntityManager, access: ChildAccess): Promise<UndatedWithheldEntries[]> {
    const sql = this.accessSql(access, [access.childId], 'v');
    // Inline rather than through the lateral: most entries are readable, and NOT readable then settles the row at once.
    const { readable, locatable, dated } = sql.predicates;
    const rows = await preparedQuery<Parameters<typeof toUndatedWithheld>[0]>(
      manager,
      `SELECT a.id AS "agencyId", a.code AS "agencyCode", a.name AS "agencyName", a.type AS "agencyType", a.contact AS "agencyContact",
              v.sensitivity AS "sensitivity", count(*)::int AS "count"
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         JOIN agencies a ON a.id = e.source_agency_id
         ${sql.sharedJoin}
        WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND NOT ${readable} AND ${locatable} AND NOT ${dated}
        GROUP BY a.id, v.sensitivity
        ORDER BY a.name, v.sensitivity`,
      sql.parameters.values,
    );
    return rows.map(toUndatedWithheld);
  }

  /**
   * A chronology in two figures, decided by the same rules as the merged chronology: its latest
   * entry whose date the caller may read, and how many entries agencies other than `agencyId`
   * recorded after `since` (ever, when null) that the caller may read. Withheld entries count in
   * neither: a marker shows no recording time, so counting it as new would tell what the marker
   * does not. Not audited here: the caller records what it shows.
   */
  async activity(access: ChildAccess, agencyId: string, since: Date | null): Promise<ChronologyActivity> {
    const sql = this.accessSql(access, [access.childId], 'v');
    const dated = sql.canRead('eventDate');
    const [row] = await preparedQuery<{ entryId: string | null; eventDate: string | null; datePrecision: DatePrecision | null; newFromOtherAgencies: number }>(
      this.dataSource.manager,
      `WITH readable AS (
         SELECT e.id, e.source_agency_id, e.recorded_at, v.event_date, v.event_time, v.date_precision, ${dated} AS dated
           FROM chronology_entries e
           JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
           JOIN agencies a ON a.id = e.source_agency_id
           ${sql.joins}
          WHERE e.child_id = $1 AND e.status <> 'entered-in-error' AND r.readable)
       SELECT latest.id AS "entryId", latest.event_date AS "eventDate", latest.date_precision AS "datePrecision",
              (SELECT count(*)::int FROM readable
                WHERE source_agency_id <> ${sql.parameters.add(agencyId)}::uuid
                  AND recorded_at > COALESCE(${sql.parameters.add(since)}::timestamptz, '-infinity')) AS "newFromOtherAgencies"
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT * FROM readable WHERE dated ORDER BY event_date DESC, event_time DESC NULLS LAST, recorded_at DESC, id DESC LIMIT 1) latest ON true`,
      sql.parameters.values,
    );
    const latest = row.entryId && row.eventDate && row.datePrecision ? { entryId: row.entryId, eventDate: row.eventDate, eventDateDisplay: displayDate(row.eventDate, row.datePrecision) } : null;
    return { latest, newFromOtherAgencies: row.newFromOtherAgencies };
  }

  /** Only needed when the page does not reach the end of the matching entries, or lies past it. */
  private async countMatching(manager: EntityManager, where: string, accessJoins: string, parameters: unknown[]): Promise<number> {
    const [{ total }] = await manager.query<{ total: number }[]>(
      `SELECT count(*)::int AS total
         FROM chronology_entries e
         JOIN chronology_entry_versions v ON v.entry_id = e.id AND v.version_number = e.current_version
         JOIN agencies a ON a.id = e.source_agency_id
         ${accessJoins}
        WHERE ${where}`,
      parameters,
    );
    return total;
  }

  /**
   * The fields of each entry the caller may read, as a projection onto the view. They depend only
   * on the entry's source agency, sensitivity and whether it was shared with the caller's agency,
   * so one CASL decision serves every entry with the same attributes.
   */
  private projectionsFor(access: ChildAccess): (row: AccessedRow) => EntryProjection {
    const decided = new Map<string, EntryProjection>();
    return (row) => {
      const key = `${row.agencyId}|${row.sensitivity}|${row.sharedWithMyAgency}`;
      let projection = decided.get(key);
      if (!projection) {
        projection = entryProjection(readableFields(access, row), row);
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
  private readableView(row: AccessedRow, access: ChildAccess, childDateOfBirth: string): EntryView {
    return this.toView(row, entryProjection(readableFields(access, row), row), childDateOfBirth);
  }

  private toView(row: EntryRow, projection: EntryProjection, childDateOfBirth: string, authors?: Parameters<typeof toEntryView>[4]): EntryView {
    return toEntryView(row, projection, childDateOfBirth, this.taxonomy.find(row.eventType), authors);
  }

  private async entryNotFound(caller: Caller, access: ChildAccess, entryId: string, action: string): Promise<never> {
    await this.access.recordDenial(caller, access, action, [entryId], 'entry-not-visible');
    throw notFound('Entry');
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

/** All an entry view needs of the child, for the age at each event. */
function childDateOfBirth(access: ChildAccess): string {
  if (access.childDateOfBirth === null) throw childNotFound();
  return access.childDateOfBirth;
}

/**
 * Per ability (one request's), per combination of the attributes the policy looks at: a
 * chronology of 2,000 entries has a handful of combinations, and asking CASL afresh for each entry
 * was most of the garbage a long read or printout made.
 */
const readableFieldsByAbility = new WeakMap<ChildAccess['ability'], Map<string, ReadonlySet<string>>>();

function readableFields(access: ChildAccess, row: AccessedRow): ReadonlySet<string> {
  let decided = readableFieldsByAbility.get(access.ability);
  if (!decided) readableFieldsByAbility.set(access.ability, (decided = new Map()));
  const key = `${row.agencyId}|${row.agencyType}|${row.sensitivity}|${row.sharedWithMyAgency}`;
  let fields = decided.get(key);
  if (!fields) decided.set(key, (fields = permittedEntryFields(access.ability, 'read', entrySubject(attributesOf(row)))));
  return fields;
}

function attributesOf(row: AccessedRow): EntryAttributes {
  return { sourceAgencyId: row.agencyId, sourceAgencyType: row.agencyType, sensitivity: row.sensitivity, sharedWithMyAgency: row.sharedWithMyAgency };
}

function stricterSensitivity(a: Sensitivity, b: Sensitivity): Sensitivity {
  return SENSITIVITIES.indexOf(a) >= SENSITIVITIES.indexOf(b) ? a : b;
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((field) => b.has(field)));
}

/**
 * Filters become SQL parameters, never string-spliced values. A filter on a field only matches
 * entries whose field the caller may read: filtering by event type must not reveal the type of a
 * withheld entry. Agency and date are shown by every item in the list, so they filter everything.
 */
function chronologyFilter(query: ChronologyFilters, sql: AccessSql): string {
  const { parameters } = sql;
  const clauses = ['e.child_id = $1', `(r.readable OR (r.dated AND e.status <> 'entered-in-error'))`];
  if (!query.includeEnteredInError) clauses.push(`e.status <> 'entered-in-error'`);
  if (query.from) clauses.push(`COALESCE(CASE WHEN r.readable THEN v.event_end_date END, v.event_date) >= ${parameters.add(query.from)}::date`);
  if (query.to) clauses.push(`v.event_date <= ${parameters.add(query.to)}::date`);
  if (query.agency?.length) clauses.push(`a.code = ANY(${parameters.add(query.agency)}::text[])`);
  if (query.eventType?.length) clauses.push(`(${sql.canRead('eventType')} AND v.event_type = ANY(${parameters.add(query.eventType)}::text[]))`);
  if (query.significant !== undefined) clauses.push(`(${sql.canRead('significant')} AND v.significant = ${parameters.add(query.significant)}::boolean)`);
  return clauses.join(' AND ');
}

function describeFilters(query: ChronologyQuery): Record<string, unknown> {
  const { page: _page, pageSize: _pageSize, ...filters } = query;
  return filters;
}
