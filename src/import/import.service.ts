import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessService, importedEntryAttributes } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import type { CallerAction } from '../audit/audit-vocabulary';
import { AuditService } from '../audit/audit.service';
import { ChronologyService, EntryOutline, EntryToRecord } from '../chronology/chronology.service';
import { displayDate } from '../chronology/date-display';
import { ENTRY_CONTENT_FIELDS } from '../chronology/entry-content';
import { EventTaxonomyService } from '../chronology/event-taxonomy.service';
import type { Caller } from '../common/caller.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { mappingFromSuggestions, suggestColumnMapping } from './column-mapping';
import { ImportMappingDto } from './dto/import-mapping.dto';
import { eventWordsIn, mappingFromEventSuggestions, suggestEventTypeMapping } from './event-type-mapping';
import type { UploadedFile } from './file-format';
import { DEFAULT_IMPORT_LIMITS, ImportLimits } from './import-limits';
import { ImportRecord, ImportRepository } from './import.repository';
import { ImportCommitView, ImportPreviewView, ImportUploadView, PreviewRowView, PreviousImportView, SavedMappingView } from './import.view';
import { readImportFile, UploadedTable } from './read-import-file';
import { CheckedRow, checkRows, ImportMapping } from './row-check';
import { withSourceReference } from './source-reference';

/** A row the file would record, and the existing entry it repeats, if any. */
type ReadyRow = Extract<CheckedRow, { ok: true }> & { duplicateOf: string | null };

/**
 * An agency's own chronology for a child, imported: uploaded and read (nothing recorded), previewed
 * with a mapping (every row checked by the entry's own rules, duplicates of the agency's existing
 * entries found), and committed: every row an entry of the uploader's agency, or none.
 */
@Injectable()
export class ImportService {
  private readonly limits: ImportLimits;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly chronology: ChronologyService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly imports: ImportRepository,
  ) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: config.import.maxFileBytes, maxRows: config.import.maxRows };
  }

  async upload(caller: Caller, childId: string, file: UploadedFile, worksheet?: string): Promise<ImportUploadView> {
    const access = await this.importAccess(caller, childId, 'import.upload');
    // A file that cannot be read is refused here, before anything is written.
    const table = await readImportFile(file, this.limits, { worksheet });
    const saved = await this.imports.mapping(this.dataSource.manager, caller.user.agency.id);
    const columnSuggestions = suggestColumnMapping(table.columns, saved?.columns);
    const columns = mappingFromSuggestions(columnSuggestions);
    const eventSuggestions = suggestEventTypeMapping(eventWordsIn(table, columns), this.taxonomy.all(), saved?.eventTypes);
    const now = new Date();
    const record = {
      id: randomUUID(),
      childId,
      agencyId: caller.user.agency.id,
      uploadedById: caller.user.practitionerId,
      uploadedAt: now,
      expiresAt: new Date(now.getTime() + this.config.import.pendingMinutes * 60_000),
      fileName: file.fileName,
      mediaType: file.mediaType ?? null,
      worksheet: table.worksheet,
      sha256: table.sha256,
      rows: table.rows.length,
      fileBytes: file.bytes,
    };
    const previous = await this.dataSource.transaction(async (manager) => {
      await this.imports.deleteExpired(manager, now);
      await this.imports.insert(manager, record);
      await this.audit.record(manager, caller, { action: 'import.upload', childId, basis: access, details: this.fileDetails(record) });
      return this.imports.committedFile(manager, record);
    });
    return {
      importId: record.id,
      childId,
      fileName: record.fileName,
      format: table.format,
      encoding: table.encoding,
      worksheet: table.worksheet,
      worksheets: table.worksheets,
      sha256: table.sha256,
      rows: record.rows,
      columns: table.columns.map(({ letter, name }) => ({ letter, name })),
      suggestions: { columns: columnSuggestions, eventTypes: eventSuggestions },
      suggestedMapping: { columns, eventTypes: mappingFromEventSuggestions(eventSuggestions) },
      expiresAt: record.expiresAt.toISOString(),
      alreadyImported: previous ? previousView(previous) : null,
    };
  }

  async preview(caller: Caller, importId: string, dto: ImportMappingDto): Promise<ImportPreviewView> {
    const { record, access, table } = await this.pending(caller, importId, 'import.preview');
    const mapping = mappingOf(dto);
    const rows = await this.checkedRows(caller, access, record, table, mapping, 'import.preview');
    const duplicates = rows.flatMap((row) => ('duplicateOf' in row && row.duplicateOf ? [row.duplicateOf] : []));
    await this.audit.record(this.dataSource.manager, caller, {
      action: 'import.preview',
      childId: record.childId,
      entryIds: [...new Set(duplicates)],
      fields: duplicates.length > 0 ? ['eventDate', 'eventType', 'summary'] : [],
      basis: access,
      details: { importId, rows: rows.length, duplicates: duplicates.length, withProblems: rows.filter((row) => !row.ok).length },
    });
    const previous = await this.imports.committedFile(this.dataSource.manager, record);
    const views = rows.map(rowView);
    return {
      importId,
      childId: record.childId,
      fileName: record.fileName,
      counts: {
        rows: views.length,
        ready: views.filter((row) => row.status === 'ready').length,
        duplicates: views.filter((row) => row.status === 'duplicate').length,
        withProblems: views.filter((row) => row.status === 'problems').length,
      },
      eventTypes: suggestEventTypeMapping(eventWordsIn(table, mapping.columns), this.taxonomy.all(), mapping.eventTypes),
      rows: views,
      alreadyImported: previous ? previousView(previous) : null,
    };
  }

  async commit(caller: Caller, importId: string, dto: ImportMappingDto, options: { keepDuplicateRows?: number[]; saveMapping?: boolean }): Promise<ImportCommitView> {
    const found = await this.findOwn(caller, importId, 'import.commit');
    const done = found.record.committedAt ? found.record : await this.imports.committedFile(this.dataSource.manager, found.record);
    if (done) return this.alreadyImported(caller, found.access, found.record, done);
    const { record, access, table } = await this.readPending(found);
    const mapping = mappingOf(dto);
    const rows = await this.checkedRows(caller, access, record, table, mapping, 'import.commit');
    const problems = rows.flatMap((row) => (row.ok ? [] : row.problems));
    if (problems.length > 0) {
      const failing = rows.filter((row) => !row.ok).length;
      throw new DomainError(
        'IMPORT_ROWS_INVALID',
        `${failing} of the ${rows.length} rows ${failing === 1 ? 'has' : 'have'} problems; nothing was recorded. Correct them in the file, or the mapping, and try again`,
        problems.map(({ row, column, problem }) => ({ field: column === null ? `row ${row}` : `row ${row}, ${column}`, problem })),
      );
    }
    const kept = new Set(options.keepDuplicateRows ?? []);
    const ready = rows as ReadyRow[];
    const recorded = ready.filter((row) => row.duplicateOf === null || kept.has(row.rowNumber));
    const leftOut = ready.filter((row) => row.duplicateOf !== null && !kept.has(row.rowNumber)).map((row) => row.rowNumber);
    const duplicatesKept = recorded.filter((row) => row.duplicateOf !== null).map((row) => row.rowNumber);
    const contents = recorded.map((row) => row.content);
    const written = await this.chronology.assertCanRecordEntries(caller, access, recorded.map(toRecord), 'import.commit');
    return this.dataSource.transaction(async (manager) => {
      await this.imports.lockFile(manager, record);
      const meanwhile = await this.imports.committedFile(manager, record);
      if (meanwhile) return this.alreadyImported(caller, access, record, meanwhile, manager);
      const now = new Date();
      const entryIds = await this.chronology.recordEntries(manager, caller, access, contents);
      await this.imports.markCommitted(manager, importId, entryIds, now);
      if (options.saveMapping) await this.imports.saveMapping(manager, caller.user.agency.id, mapping, caller.user.practitionerId, now);
      await this.audit.record(manager, caller, {
        action: 'import.commit',
        childId: record.childId,
        entryIds,
        fields: written,
        basis: access,
        details: { ...this.fileDetails(record), importId, recorded: entryIds.length, duplicatesLeftOut: leftOut, duplicatesKept, mappingSaved: options.saveMapping === true },
      });
      return { importId, alreadyImported: false, created: entryIds.length, entryIds, duplicatesLeftOut: leftOut, previousImport: null };
    });
  }

  /** The caller's agency's saved mapping (empty when it has none). Column names and event words only: no personal data. */
  async savedMapping(caller: Caller): Promise<SavedMappingView> {
    const saved = await this.imports.mapping(this.dataSource.manager, caller.user.agency.id);
    return { agency: caller.user.agency.code, mapping: { columns: saved?.columns ?? {}, eventTypes: saved?.eventTypes ?? {} }, updatedAt: saved?.updatedAt.toISOString() ?? null };
  }

  /** Importing is recording entries: the caller must be allowed to record an entry for the child, as their agency. */
  private async importAccess(caller: Caller, childId: string, action: CallerAction): Promise<ChildAccess> {
    const access = await this.access.childAccess(caller, childId, action);
    await this.access.assertCanWriteEntry(caller, access, 'create', importedEntryAttributes(caller.user), [], action);
    return access;
  }

  /** An upload is its uploader's alone: anyone else is told it is not found, as for an id that does not exist. */
  private async findOwn(caller: Caller, importId: string, action: CallerAction): Promise<{ record: ImportRecord; access: ChildAccess }> {
    const record = await this.imports.find(this.dataSource.manager, importId);
    if (!record || record.uploadedById !== caller.user.practitionerId) {
      await this.audit.recordDenial(caller, { action, childId: null, details: { importId, reason: 'not-visible' } });
      throw notFound('Import');
    }
    return { record, access: await this.importAccess(caller, record.childId, action) };
  }

  private async pending(caller: Caller, importId: string, action: CallerAction): Promise<{ record: ImportRecord; access: ChildAccess; table: UploadedTable }> {
    return this.readPending(await this.findOwn(caller, importId, action));
  }

  /** The upload's file read again, while it is kept. */
  private async readPending({ record, access }: { record: ImportRecord; access: ChildAccess }): Promise<{ record: ImportRecord; access: ChildAccess; table: UploadedTable }> {
    if (record.fileBytes === null || record.expiresAt.getTime() < Date.now()) {
      throw new DomainError('IMPORT_EXPIRED', `The uploaded file is no longer kept (uploads wait ${this.config.import.pendingMinutes} minutes to be committed); upload it again`);
    }
    const table = await readImportFile({ bytes: record.fileBytes, fileName: record.fileName, mediaType: record.mediaType ?? undefined }, this.limits, { worksheet: record.worksheet ?? undefined });
    return { record, access, table };
  }

  /**
   * Every row checked as a typed entry would be, its source reference naming the file and row, and
   * compared with the agency's entries the caller may read; the fields the rows write must be ones
   * the caller may write, or the whole import is refused (FIELD_NOT_WRITABLE).
   */
  private async checkedRows(caller: Caller, access: ChildAccess, record: ImportRecord, table: UploadedTable, mapping: ImportMapping, action: CallerAction): Promise<(CheckedRow | ReadyRow)[]> {
    const checked = await checkRows(table, mapping, { taxonomy: this.taxonomy.all() });
    const duplicateOf = outlineIndex(await this.chronology.entryOutlines(access, caller.user.agency.code));
    const rows = checked.map((row): CheckedRow | ReadyRow => {
      if (!row.ok) return row;
      const referenced = withSourceReference(row, record.fileName);
      return referenced.ok ? { ...referenced, duplicateOf: duplicateOf(referenced.content) } : referenced;
    });
    const ready = rows.filter((row): row is ReadyRow => row.ok);
    if (ready.length > 0) await this.chronology.assertCanRecordEntries(caller, access, ready.map(toRecord), action);
    return rows;
  }

  private async alreadyImported(caller: Caller, access: ChildAccess, record: ImportRecord, previous: ImportRecord, manager = this.dataSource.manager): Promise<ImportCommitView> {
    await this.audit.record(manager, caller, {
      action: 'import.commit',
      childId: record.childId,
      basis: access,
      details: { ...this.fileDetails(record), importId: record.id, recorded: 0, alreadyImportedBy: previous.id },
    });
    return { importId: record.id, alreadyImported: true, created: 0, entryIds: [], duplicatesLeftOut: [], previousImport: previousView(previous) };
  }

  private fileDetails(record: Pick<ImportRecord, 'id' | 'fileName' | 'sha256' | 'rows'>): Record<string, unknown> {
    return { importId: record.id, fileName: record.fileName, sha256: record.sha256, rows: record.rows };
  }
}

function mappingOf(dto: ImportMappingDto): ImportMapping {
  return { columns: dto.columns, eventTypes: dto.eventTypes ?? {} };
}

function toRecord(row: ReadyRow): EntryToRecord {
  // A blank cell supplies nothing, as a field left out of a typed entry; the source reference is always written.
  const supplied = ENTRY_CONTENT_FIELDS.filter((field) => field === 'sourceReference' || (row.entry as unknown as Record<string, unknown>)[field] !== undefined);
  return { content: row.content, supplied };
}

/** Same date, event type and summary (ignoring case and spacing) as an entry the agency already has. */
function outlineIndex(outlines: readonly EntryOutline[]): (content: { eventDate: string; eventType: string; summary: string }) => string | null {
  const index = new Map(outlines.map((outline) => [outlineKey(outline), outline.id]));
  return (content) => index.get(outlineKey(content)) ?? null;
}

function outlineKey({ eventDate, eventType, summary }: { eventDate: string; eventType: string; summary: string }): string {
  return `${eventDate}|${eventType}|${summary.replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-GB')}`;
}

function rowView(row: CheckedRow | ReadyRow): PreviewRowView {
  if (!row.ok) return { row: row.rowNumber, status: 'problems', problems: row.problems, duplicateOf: null, entry: null };
  const { eventDate, datePrecision, eventType, summary } = row.content;
  const duplicateOf = 'duplicateOf' in row ? row.duplicateOf : null;
  return { row: row.rowNumber, status: duplicateOf ? 'duplicate' : 'ready', problems: [], duplicateOf, entry: { eventDate, datePrecision, eventDateDisplay: displayDate(eventDate, datePrecision), eventType, summary } };
}

function previousView(previous: ImportRecord): PreviousImportView {
  return { importId: previous.id, committedAt: previous.committedAt!.toISOString(), entries: previous.entryIds?.length ?? 0 };
}
