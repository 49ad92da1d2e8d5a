import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import { AuditService } from '../audit/audit.service';
import { displayDate } from '../chronology/date-display';
import { disclosureOf } from '../chronology/disclosure';
import type { ChronologyFilters } from '../chronology/entry-sql';
import { EventTaxonomyService } from '../chronology/event-taxonomy.service';
import type { Caller } from '../common/caller.decorator';
import { childNotFound, DomainError, notFound } from '../common/domain-error';
import { namedRecord } from '../common/named-record';
import { ConfigFiles } from '../config/config-files';
import { CreateExportDto } from './dto/create-export.dto';
import type { ExportAudience } from './export-audiences';
import { DocumentEntries, DocumentItem, RecordedItem } from './document-entries';
import { ExportAudiencesService } from './export-audiences';
import { buildExportDocument, DocumentContext, printedFields, TitleBlock, titleBlockFor } from './export-document';
import { ExportRecordView, ExportSummaryView, RenderedExport } from './export.view';
import { PdfRenderer } from './pdf/pdf-renderer';

/** A document longer than this is refused with a request to narrow it, rather than tying up the server. */
export const EXPORT_MAX_ENTRIES = 5000;

interface ExportRow {
  id: string;
  childId: string;
  producedById: string;
  producedAt: Date;
  audience: ExportAudience;
  purpose: string;
  purposeOfUse: ExportRecordView['purposeOfUse'];
  producedFor: string;
  lawfulBasis: string;
  filters: ChronologyFilters;
  /** Every entry version the document took account of, in document order, and how it showed it. */
  entries: RecordedItem[];
  titleBlock: TitleBlock;
  policySha256: string;
  sha256: string;
  pages: number;
  bytes: number;
}

/**
 * Printed chronologies: the reader's own field permissions, narrowed by the audience's profile,
 * decided by the same code as the API's chronology; rendered, checksummed and recorded (with
 * exactly which entry versions were shown) before a byte is sent, so a document is never out
 * without its record, and the record can produce it again.
 */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly documentEntries: DocumentEntries,
    private readonly audiences: ExportAudiencesService,
    private readonly taxonomy: EventTaxonomyService,
    private readonly files: ConfigFiles,
    private readonly renderer: PdfRenderer,
  ) {}

  async create(caller: Caller, childId: string, dto: CreateExportDto): Promise<RenderedExport> {
    // The audience, the period and the codes were checked with the request (CreateExportDto).
    const audience = this.audiences.find(dto.audience);
    if (!audience) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'audience', problem: 'no such audience; see GET /api/export-audiences' }]);
    const access = await this.access.exportAccess(caller, childId, 'create', 'export.create');
    const filters: ChronologyFilters = { from: dto.from, to: dto.to, agency: dto.agency, eventType: dto.eventType, wellbeingIndicator: dto.wellbeingIndicator, significant: dto.significant, includeEnteredInError: dto.includeEnteredInError };
    // One snapshot for the entries in the table and those withheld without a date, so the document is consistent with itself.
    const items = await this.dataSource.transaction('REPEATABLE READ', (manager) =>
      this.documentEntries.items(manager, access, { filters, limit: EXPORT_MAX_ENTRIES + 1 }, audience),
    );
    if (items.filter((item) => item.shown !== 'undated').length > EXPORT_MAX_ENTRIES) {
      throw new DomainError('EXPORT_TOO_LARGE', `The chronology holds more than ${EXPORT_MAX_ENTRIES} entries in this period; narrow the period or filters`);
    }
    const { child, agencyContact } = await this.titleFacts(childId, caller.user.agency.id);
    const row: Omit<ExportRow, 'sha256' | 'pages' | 'bytes'> = {
      id: randomUUID(),
      childId,
      producedById: caller.user.practitionerId,
      // Milliseconds, as stored and as printed: the document made again from the record carries the same time.
      producedAt: new Date(),
      audience,
      purpose: dto.purpose.trim(),
      purposeOfUse: audience.purposeOfUse,
      producedFor: dto.producedFor.trim(),
      lawfulBasis: dto.lawfulBasis?.trim() ?? audience.defaultLawfulBasis,
      filters,
      entries: items.map(({ entryId, version, shown }) => ({ entryId, version, shown })),
      titleBlock: titleBlockFor(audience, child, {
        period: describePeriod(filters),
        filters: await this.describeFilters(filters),
        producedBy: { name: caller.user.name, role: caller.user.jobTitle ?? caller.user.role, agency: caller.user.agency.name, agencyContact },
      }),
      policySha256: this.files.loaded().find((source) => source.file === 'access-policy.json')?.sha256 ?? '',
    };
    const rendered = await render(this.renderer, row, items);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO exports (id, child_id, produced_by_id, produced_at, audience, purpose, purpose_of_use, produced_for, lawful_basis, filters,
                              entries, title_block, policy_sha256, sha256, pages, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          row.id, row.childId, row.producedById, row.producedAt, JSON.stringify(row.audience), row.purpose, row.purposeOfUse, row.producedFor, row.lawfulBasis,
          JSON.stringify(row.filters), JSON.stringify(row.entries), JSON.stringify(row.titleBlock), row.policySha256, rendered.sha256, rendered.pages, rendered.pdf.length,
        ],
      );
      await this.recordDisclosure(manager, caller, access, 'export.create', row, items, rendered);
    });
    return { ...rendered, exportId: row.id };
  }

  /**
   * The record of an export: for those who may export this child's chronology, and data protection
   * officers. Its entries are those the reader may read now, as the document shows them to that
   * reader; the rest are not even counted, as a count within the document's period and filters
   * would tell the reader what the policy withholds from them: that such entries exist, when, of
   * what type or significance.
   */
  async record(caller: Caller, exportId: string): Promise<ExportRecordView> {
    const { record: row, access } = await this.access.exportRecordAccess(caller, exportId, await this.findExport(exportId));
    const items = await this.recordedItems(access, row);
    return this.dataSource.transaction(async (manager) => {
      await this.audit.record(manager, caller, { action: 'export.read', childId: row.childId, basis: access, details: { exportId } });
      return toRecordView(row, items, isProducer(caller, row));
    });
  }

  /**
   * The copies of a child's chronology printed so far, newest first, with what their records say
   * of them (who, when, for whom, why, checksum): for whom may print it, and data protection
   * officers, as each record is. Not which entries they hold: see `record`.
   */
  async list(caller: Caller, childId: string): Promise<ExportSummaryView[]> {
    const access = await this.access.exportAccess(caller, childId, 'read', 'export.list');
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<(Omit<ExportSummaryView, 'producedAt' | 'audience' | 'document'> & { producedAt: Date; producedById: string; audience: ExportAudience })[]>(
        `SELECT x.id, x.produced_at AS "producedAt", x.produced_by_id AS "producedById", json_build_object('name', p.name, 'agency', a.name) AS "producedBy", x.audience, x.purpose,
                x.produced_for AS "producedFor", x.lawful_basis AS "lawfulBasis", x.filters, x.sha256, x.pages, x.bytes
           FROM exports x JOIN practitioners p ON p.id = x.produced_by_id JOIN agencies a ON a.id = p.agency_id
          WHERE x.child_id = $1 ORDER BY x.produced_at DESC, x.id`,
        [childId],
      );
      await this.audit.record(manager, caller, { action: 'export.list', childId, basis: access, details: { exports: rows.length } });
      return rows.map(({ producedAt, producedById, audience, sha256, pages, bytes, ...row }) => ({
        ...row,
        ...(isProducer(caller, { producedById }) ? { sha256, pages, bytes } : { sha256: null, pages: null, bytes: null }),
        producedAt: producedAt.toISOString(),
        audience: { id: audience.id, label: audience.label },
        period: describePeriod(row.filters),
        document: `/api/exports/${row.id}/document`,
      }));
    });
  }

  /**
   * The document again, from its record: the same entry versions, audience, filters, title block
   * and time, redacted for the person asking as they may read now, notices included. The same
   * person with the same permissions gets the same bytes; the checksum says whether they match the original.
   * Where the request names the child too (`childId`, the print page's address), that child is decided on
   * first, and a copy of another child's chronology is one that does not exist: refused, and recorded.
   */
  async regenerate(caller: Caller, exportId: string, childId?: string): Promise<RenderedExport & { matchesOriginal: boolean }> {
    const { record: row, childId: named } = namedRecord(await this.findExport(exportId), childId);
    if (named === undefined) throw notFound('Export');
    // Refused (and audited) as the record is: "not found", whether the child is unknown to the caller or their role may not print.
    const access = await this.access.exportAccess(caller, named, 'create', 'export.regenerate').catch((error: unknown) => {
      throw error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN') ? notFound('Export') : error;
    });
    if (!row) {
      await this.access.recordDenial(caller, access, 'export.regenerate', [], 'export-not-found', { exportId });
      throw notFound('Export');
    }
    const items = await this.recordedItems(access, row);
    // Only its producer is told whether a copy matches the original, and how many of the entries it showed have been
    // destroyed since. For anyone else, both depend on what the original held that they may not see (a withheld entry
    // in the period or not), so theirs always says it was made again for them, and may differ from the original.
    const producer = isProducer(caller, row);
    const destroyed = producer ? await this.destroyedSince(row) : null;
    const same = producer ? await render(this.renderer, row, items, null, destroyed) : null;
    const matchesOriginal = same?.sha256 === row.sha256;
    // A copy that differs says so on its face, whom it was made for and when; it is rendered again to say it.
    const rendered = matchesOriginal ? same! : await render(this.renderer, row, items, { for: `${caller.user.name}, ${caller.user.agency.name}`, at: new Date().toISOString() }, destroyed);
    await this.dataSource.transaction((manager) => this.recordDisclosure(manager, caller, access, 'export.regenerate', row, items, rendered));
    return { ...rendered, exportId, matchesOriginal };
  }

  /** How many of the entries the copy showed have been destroyed since (their tombstones), and under which certificates. */
  private async destroyedSince(row: ExportRow): Promise<DocumentContext['destroyed']> {
    const [found] = await this.dataSource.query<{ entries: number; certificates: string[] | null }[]>(
      `SELECT count(*)::int AS entries, array_agg(DISTINCT certificate_id::text ORDER BY certificate_id::text) AS certificates FROM destroyed_entries WHERE entry_id = ANY($1::uuid[])`,
      [row.entries.map((item) => item.entryId)],
    );
    return found.entries > 0 ? { entries: found.entries, certificates: found.certificates ?? [] } : null;
  }

  /** The recorded entry versions, and the entries withheld undated as of the document's time, as the caller may see them now (one snapshot). */
  private recordedItems(access: ChildAccess, row: ExportRow): Promise<DocumentItem[]> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      this.documentEntries.items(manager, access, { filters: row.filters, recorded: row.entries, producedAt: row.producedAt }, row.audience),
    );
  }

  /** Written with the export's record (or for a regeneration on its own): what was disclosed, to whom, why and on what basis. */
  private async recordDisclosure(
    manager: EntityManager,
    caller: Caller,
    access: ChildAccess,
    action: 'export.create' | 'export.regenerate',
    row: Pick<ExportRow, 'id' | 'childId' | 'audience' | 'lawfulBasis'>,
    items: DocumentItem[],
    rendered: Omit<RenderedExport, 'exportId'>,
  ): Promise<void> {
    const disclosure = disclosureOf(items.filter((item) => item.shown === 'entry').map((item) => ({ entryId: item.entryId, fields: printedFields(item) })));
    await this.audit.record(manager, caller, {
      action,
      childId: row.childId,
      entryIds: disclosure.entryIds,
      fields: disclosure.fields,
      basis: access,
      purpose: row.audience.purposeOfUse,
      lawfulBasis: row.lawfulBasis,
      details: {
        exportId: row.id,
        audience: row.audience.id,
        sha256: rendered.sha256,
        pages: rendered.pages,
        markers: items.filter((item) => item.shown === 'marker').length,
        undated: items.filter((item) => item.shown === 'undated').length,
        leftOut: items.filter((item) => item.shown === 'left-out').length,
        fieldSets: disclosure.fieldSets,
      },
    });
  }

  private async findExport(exportId: string): Promise<ExportRow | undefined> {
    const [row] = await this.dataSource.query<ExportRow[]>(
      `SELECT id, child_id AS "childId", produced_by_id AS "producedById", produced_at AS "producedAt", audience, purpose, purpose_of_use AS "purposeOfUse",
              produced_for AS "producedFor", lawful_basis AS "lawfulBasis", filters, entries, title_block AS "titleBlock", policy_sha256 AS "policySha256",
              sha256, pages, bytes
         FROM exports WHERE id = $1`,
      [exportId],
    );
    return row;
  }

  /** What a new document's title block is made from: the child's record, and the producing agency's contact. */
  private async titleFacts(childId: string, agencyId: string): Promise<{ child: Parameters<typeof titleBlockFor>[1]; agencyContact: string | null }> {
    const [row] = await this.dataSource.query<(Omit<Parameters<typeof titleBlockFor>[1], 'identifiers'> & { identifiers: Parameters<typeof titleBlockFor>[1]['identifiers'] | null; agencyContact: string | null })[]>(
      `SELECT c.given_name AS "givenName", c.family_name AS "familyName", c.known_as AS "knownAs", c.date_of_birth AS "dateOfBirth",
              (SELECT json_agg(json_build_object('scheme', i.scheme, 'value', i.value) ORDER BY i.scheme, i.value) FROM child_identifiers i WHERE i.child_id = c.id) AS identifiers,
              (SELECT contact FROM agencies WHERE id = $2) AS "agencyContact"
         FROM children c WHERE c.id = $1`,
      [childId, agencyId],
    );
    if (!row) throw childNotFound();
    const { agencyContact, ...child } = row;
    return { child: { ...child, identifiers: child.identifiers ?? [] }, agencyContact };
  }

  /** A misspelt agency or event type would print as a filter that matched nothing, and be recorded as one. */
  private async describeFilters(filters: ChronologyFilters): Promise<string[]> {
    const described: string[] = [];
    if (filters.agency?.length) {
      const rows = await this.dataSource.query<{ code: string; name: string }[]>(`SELECT code, name FROM agencies WHERE code = ANY($1)`, [filters.agency]);
      const names = new Map(rows.map((row) => [row.code, row.name]));
      described.push(`Agencies: ${filters.agency.map((code) => names.get(code) ?? code).join(', ')}`);
    }
    if (filters.eventType?.length) described.push(`Event types: ${filters.eventType.map((code) => this.taxonomy.find(code)?.label ?? code).join(', ')}`);
    if (filters.wellbeingIndicator?.length) described.push(`Wellbeing indicators: ${filters.wellbeingIndicator.map((indicator) => indicator.charAt(0).toUpperCase() + indicator.slice(1)).join(', ')}`);
    if (filters.significant === true) described.push('Significant events only');
    if (filters.significant === false) described.push('Events not marked significant only');
    if (filters.includeEnteredInError) described.push('Entries marked entered in error are included, with the reason');
    return described.length > 0 ? described : ['None: every entry in the period that the reader may see'];
  }
}

function describePeriod(filters: ChronologyFilters): string {
  const day = (date: string) => displayDate(date, 'day');
  if (filters.from && filters.to) return `${day(filters.from)} to ${day(filters.to)}`;
  if (filters.from) return `From ${day(filters.from)}`;
  if (filters.to) return `Up to ${day(filters.to)}`;
  return 'All recorded events';
}

/** Rendered from the record and the items as the caller may see them: the same person with the same permissions gets the same bytes. */
async function render(
  renderer: PdfRenderer,
  row: Omit<ExportRow, 'sha256' | 'pages' | 'bytes'>,
  items: DocumentItem[],
  remade: DocumentContext['remade'] = null,
  destroyed: DocumentContext['destroyed'] = null,
): Promise<Omit<RenderedExport, 'exportId'>> {
  const document = buildExportDocument({
    exportId: row.id,
    remade,
    producedAt: row.producedAt,
    producedFor: row.producedFor,
    purpose: row.purpose,
    lawfulBasis: row.lawfulBasis,
    audience: row.audience,
    titleBlock: row.titleBlock,
    items,
    destroyed,
  });
  const { pdf, pages } = await renderer.render(document);
  return { pdf, pages, sha256: createHash('sha256').update(pdf).digest('hex') };
}

function isProducer(caller: Caller, row: Pick<ExportRow, 'producedById'>): boolean {
  return caller.user.practitionerId === row.producedById;
}

/**
 * The original's checksum, pages and size go to its producer only: they measure everything the
 * original held, so anyone else could tell from them what was withheld from them (a withheld entry
 * in the period adds a notice, a page, bytes). The data protection officer has them in the audit trail.
 */
function toRecordView(row: ExportRow, items: DocumentItem[], producer: boolean): ExportRecordView {
  const { producedBy } = row.titleBlock;
  return {
    id: row.id,
    childId: row.childId,
    producedAt: row.producedAt.toISOString(),
    producedBy: { id: row.producedById, name: producedBy.name, role: producedBy.role, agency: producedBy.agency },
    audience: { id: row.audience.id, label: row.audience.label, description: row.audience.description },
    purpose: row.purpose,
    purposeOfUse: row.purposeOfUse,
    producedFor: row.producedFor,
    lawfulBasis: row.lawfulBasis,
    filters: row.filters,
    period: row.titleBlock.period,
    entries: items.flatMap(({ entryId, version, shown }) => (shown === 'entry' || shown === 'left-out' ? [{ entryId, version, shown }] : [])),
    entriesNote: ENTRIES_NOTE,
    policySha256: row.policySha256,
    sha256: producer ? row.sha256 : null,
    pages: producer ? row.pages : null,
    bytes: producer ? row.bytes : null,
    document: `/api/exports/${row.id}/document`,
  };
}

/** The same words on every record, whether or not any entry is left unlisted, so they give nothing away. */
const ENTRIES_NOTE = 'Only the entries you may read now are listed, as the document shows them to you.';
