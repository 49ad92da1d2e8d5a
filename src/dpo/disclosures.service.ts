import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { RegisterQuery } from '../sharing/dto/register.query';

/** One disclosure beyond the default audience: an entry shared with a further agency, a printed chronology, or a subject access pack. */
export class DisclosureView {
  kind!: 'share' | 'export' | 'subject-access-pack';
  /** The sharing decision's id, the export's (GET /api/exports/:id has its full record), or the pack's (its request, GET /api/subject-access-requests/:id, lists it). */
  id!: string;
  childId!: string;
  at!: string;
  by!: { name: string; agency: string };
  /** The recipient agency, or the audience and the person or body the copy was for. */
  to!: string;
  purpose!: string;
  lawfulBasis!: string | null;
  entryIds!: string[];
}

/**
 * The register of disclosures: every share beyond the default audience, every export and every
 * subject access pack, with its lawful basis, newest first. Refusals to share are in the sharing register, not here: nothing was
 * disclosed.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async register(caller: Caller, query: RegisterQuery): Promise<DisclosureView[]> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'disclosures.read');
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<(Omit<DisclosureView, 'at' | 'by'> & { at: Date; byName: string; byAgency: string })[]>(
        `SELECT * FROM (
           SELECT 'share' AS kind, d.id, d.child_id AS "childId", d.decided_at AS at, p.name AS "byName", pa.name AS "byAgency",
                  ra.name AS "to", d.purpose, d.lawful_basis AS "lawfulBasis", ARRAY[d.entry_id::text] AS "entryIds"
             FROM sharing_decisions d
             JOIN practitioners p ON p.id = d.decided_by_id JOIN agencies pa ON pa.id = p.agency_id
             JOIN agencies ra ON ra.id = d.recipient_agency_id
            WHERE d.decision = 'shared'
           UNION ALL
           SELECT 'export', x.id, x.child_id, x.produced_at, p.name, pa.name,
                  (x.audience->>'label') || ': ' || x.produced_for, x.purpose, x.lawful_basis,
                  ARRAY(SELECT item->>'entryId' FROM jsonb_array_elements(x.entries) AS item WHERE item->>'shown' = 'entry')
             FROM exports x
             JOIN practitioners p ON p.id = x.produced_by_id JOIN agencies pa ON pa.id = p.agency_id
           UNION ALL
           SELECT 'subject-access-pack', k.id, k.child_id, k.produced_at, p.name, pa.name,
                  'Subject access pack (' || k.format || '): ' || r.requester_name, 'Subject access request ' || r.id, 'UK GDPR Art. 15 (right of access by the data subject)',
                  ARRAY(SELECT item->>'entryId' FROM jsonb_array_elements(k.entries) AS item)
             FROM subject_access_packs k
             JOIN subject_access_requests r ON r.id = k.request_id
             JOIN practitioners p ON p.id = k.produced_by_id JOIN agencies pa ON pa.id = p.agency_id
         ) disclosures
         WHERE ($1::uuid IS NULL OR "childId" = $1) AND ($2::date IS NULL OR at >= $2::date)
         ORDER BY at DESC
         LIMIT $3`,
        [query.childId ?? null, query.since ?? null, query.limit ?? 100],
      );
      await this.audit.record(manager, caller, { action: 'disclosures.read', childId: query.childId ?? null, details: { since: query.since ?? null, returned: rows.length } });
      return rows.map(({ at, byName, byAgency, ...disclosure }) => ({ ...disclosure, at: at.toISOString(), by: { name: byName, agency: byAgency } }));
    });
  }
}
