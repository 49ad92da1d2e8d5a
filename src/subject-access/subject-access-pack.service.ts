import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ChildAccess } from '../access/child-access';
import { AuditService } from '../audit/audit.service';
import { disclosureOf } from '../chronology/disclosure';
import type { Caller } from '../common/caller.decorator';
import { DomainError } from '../common/domain-error';
import { DocumentEntries } from '../export/document-entries';
import { ExportAudience, ExportAudiencesService } from '../export/export-audiences';
import { EXPORT_MAX_ENTRIES } from '../export/export.service';
import { PdfRenderer } from '../export/pdf/pdf-renderer';
import { describeRule, RecordsManagementService } from '../retention/records-management';
import { ProducePackDto } from './dto/subject-access.dto';
import type { SubjectAccessExemption } from './exemptions';
import { buildPack, PackAccess, PackCopy, PackShare, packFields } from './pack';
import { packLetter } from './pack-letter';
import { SUBJECT_ACCESS_PURPOSE, SubjectAccessService } from './subject-access.service';

export interface ProducedPack {
  packId: string;
  format: 'pdf' | 'json';
  body: Buffer;
  sha256: string;
}

/**
 * A subject access pack: every entry about the child from every agency, read through the data
 * subject's own right of access and narrowed by the data-subject audience (other people's
 * information), the releases recorded for this request, and the recording agencies' exemptions
 * (only counted); what was shared with whom on what basis; which agencies and kinds of staff
 * accessed the record (from the audit trail). Read in one snapshot, recorded with its checksum and
 * exactly which entry versions it showed before a byte is sent, and audited as a disclosure.
 */
@Injectable()
export class SubjectAccessPackService {
  private readonly audience: ExportAudience;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: SubjectAccessService,
    private readonly audit: AuditService,
    private readonly documentEntries: DocumentEntries,
    private readonly renderer: PdfRenderer,
    private readonly records: RecordsManagementService,
    audiences: ExportAudiencesService,
  ) {
    this.audience = audiences.dataSubject;
  }

  async produce(caller: Caller, requestId: string, dto: ProducePackDto): Promise<ProducedPack> {
    const { row, access, subject } = await this.requests.requestAccess(caller, requestId, 'create', 'subject-access.pack');
    const view = this.requests.view(row);
    if (view.status !== 'open') throw new DomainError('CONFLICT', `This request is ${view.status}; record a new request to produce another pack`);
    const packId = randomUUID();
    const { pack, shownItems } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const released = new Set(view.releases.map((release) => release.entryId));
      const items = await this.documentEntries.items(manager, subject, { filters: {}, limit: EXPORT_MAX_ENTRIES + 1 }, this.audience, released);
      if (items.length > EXPORT_MAX_ENTRIES) throw new DomainError('EXPORT_TOO_LARGE', `The chronology holds more than ${EXPORT_MAX_ENTRIES} entries; a pack this long is produced by the lead`);
      const facts = await this.facts(manager, subject, caller.user.agency.id);
      return buildPack({
        packId,
        producedAt: new Date(),
        request: { id: row.id, requester: view.requester.name, capacity: view.requester.capacity, receivedOn: view.receivedOn, dueOn: view.dueOn },
        items,
        ...facts,
      });
    });
    const body = dto.format === 'json' ? Buffer.from(`${JSON.stringify(pack, null, 2)}\n`) : (await this.renderer.render(packLetter(pack))).pdf;
    const sha256 = createHash('sha256').update(body).digest('hex');
    await this.dataSource.transaction(async (manager) => {
      const withheld = Object.fromEntries(pack.withheld.map((group) => [group.exemption, group.count]));
      await manager.query(
        `INSERT INTO subject_access_packs (id, request_id, child_id, format, produced_by_id, produced_at, entries, withheld, sha256, bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [packId, row.id, row.childId, dto.format, caller.user.practitionerId, pack.producedAt, JSON.stringify(shownItems.map(({ entryId, version }) => ({ entryId, version }))), JSON.stringify(withheld), sha256, body.length],
      );
      const disclosure = disclosureOf(shownItems.map((item) => ({ entryId: item.entryId, fields: packFields(item) })));
      await this.audit.record(manager, caller, {
        action: 'subject-access.pack',
        childId: row.childId,
        entryIds: disclosure.entryIds,
        fields: disclosure.fields,
        basis: access,
        purpose: SUBJECT_ACCESS_PURPOSE,
        lawfulBasis: this.audience.defaultLawfulBasis,
        details: { requestId: row.id, packId, format: dto.format, sha256, bytes: body.length, withheld, otherPeopleRedacted: pack.entries.filter((entry) => entry.otherPeopleRedacted).length, fieldSets: disclosure.fieldSets },
      });
    });
    return { packId, format: dto.format, body, sha256 };
  }

  /** Everything but the entries: the child, the contact, exemptions in force, shares, printed copies and who accessed the record. */
  private async facts(manager: EntityManager, subject: ChildAccess, agencyId: string): Promise<Omit<Parameters<typeof buildPack>[0], 'packId' | 'producedAt' | 'request' | 'items'>> {
    const { lawfulBases, retentionClasses } = this.records.settings;
    const childId = subject.childId;
    const [child] = await manager.query<{ name: string; dateOfBirth: string; agency: string; details: string | null }[]>(
      `SELECT c.given_name || ' ' || c.family_name AS name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS "dateOfBirth",
              (SELECT name FROM agencies WHERE id = $2) AS agency, (SELECT contact FROM agencies WHERE id = $2) AS details
         FROM children c WHERE c.id = $1`,
      [childId, agencyId],
    );
    // The latest marking of each entry stands.
    const exemptions = await manager.query<{ entryId: string; exemption: SubjectAccessExemption }[]>(
      `SELECT * FROM (SELECT DISTINCT ON (x.entry_id) x.entry_id AS "entryId", x.exemption
                        FROM subject_access_exemptions x JOIN chronology_entries e ON e.id = x.entry_id
                       WHERE e.child_id = $1 ORDER BY x.entry_id, x.marked_at DESC, x.id DESC) latest
        WHERE exemption <> 'none'`,
      [childId],
    );
    const shares = await manager.query<PackShare[]>(
      `SELECT to_char(d.decided_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS date, d.entry_id AS "entryId",
              json_build_object('name', a.name, 'type', a.type) AS recipient, d.lawful_basis AS "lawfulBasis"
         FROM sharing_decisions d JOIN agencies a ON a.id = d.recipient_agency_id
        WHERE d.child_id = $1 AND d.decision = 'shared' ORDER BY d.decided_at, d.id`,
      [childId],
    );
    // Whom a copy was for can name a person (a parent, a solicitor): the pack says for which audience, by which agency.
    const copies = await manager.query<PackCopy[]>(
      `SELECT to_char(x.produced_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS date, x.audience->>'label' AS audience, a.name AS "madeBy", x.lawful_basis AS "lawfulBasis"
         FROM exports x JOIN practitioners p ON p.id = x.produced_by_id JOIN agencies a ON a.id = p.agency_id
        WHERE x.child_id = $1 ORDER BY x.produced_at, x.id`,
      [childId],
    );
    // Categories of recipients (Art. 15(1)(c)): agencies and kinds of staff, never the people.
    const accessedBy = await manager.query<PackAccess[]>(
      `SELECT COALESCE(a.name, e.actor_agency) AS agency, a.type AS "agencyType", e.actor_role AS role, count(*)::int AS times,
              to_char(min(e.occurred_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS first, to_char(max(e.occurred_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS last
         FROM audit.events e LEFT JOIN agencies a ON a.code = e.actor_agency
        WHERE e.child_id = $1 AND e.outcome = 'success' AND e.actor_role IS NOT NULL AND e.actor_agency IS NOT NULL
        GROUP BY 1, 2, 3 ORDER BY 1, 3`,
      [childId],
    );
    return {
      child: { name: child.name, dateOfBirth: child.dateOfBirth },
      contact: { agency: child.agency, details: child.details },
      exemptions: new Map(exemptions.map((row) => [row.entryId, row.exemption])),
      shares,
      copies,
      accessedBy,
      purposes: lawfulBases.map((basis) => ({ purpose: basis.purpose, lawfulBasis: `${basis.basis}; ${basis.specialCategory}` })),
      retention: retentionClasses.map((retentionClass) => ({ record: retentionClass.label, keptFor: retentionClass.rules.map(describeRule).join(', or, if later, ') })),
    };
  }
}
