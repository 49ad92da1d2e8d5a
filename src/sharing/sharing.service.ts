import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import { findEntryFacts, holdOpenEntry } from '../access/entry-facts';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { DomainError, notFound } from '../common/domain-error';
import { RecordSharingDecisionDto } from './dto/record-sharing-decision.dto';
import { RegisterQuery } from './dto/register.query';
import { SharingDecision } from './sharing-decision.entity';
import { SharingDecisionView } from './sharing-decision.view';

const DECISION_SELECT = `
  SELECT d.id, d.entry_id AS "entryId", d.child_id AS "childId", ra.code AS "recipientCode", ra.name AS "recipientName", d.decision, d.purpose,
         d.necessity, d.lawful_basis AS "lawfulBasis", d.family_informed AS "familyInformed", d.family_not_informed_reason AS "familyNotInformedReason",
         d.family_views AS "familyViews", p.name AS "decidedByName", pa.name AS "decidedByAgency", d.decided_at AS "decidedAt"
    FROM sharing_decisions d
    JOIN agencies ra ON ra.id = d.recipient_agency_id
    JOIN practitioners p ON p.id = d.decided_by_id
    JOIN agencies pa ON pa.id = p.agency_id`;

type DecisionRow = Omit<SharingDecisionView, 'recipientAgency' | 'decidedBy' | 'decidedAt'> & {
  recipientCode: string;
  recipientName: string;
  decidedByName: string;
  decidedByAgency: string;
  decidedAt: Date;
};

/**
 * Sharing an entry beyond its default audience (or refusing to) is a recorded decision by the
 * agency that recorded it. A "shared" decision is what the access policy's `sharedWithMyAgency`
 * condition looks at; together the decisions are the register of disclosures.
 */
@Injectable()
export class SharingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** A decision on sharing the entry; where the request names its child too (`childId`, a page's address), an entry of another child is one that does not exist. */
  async record(caller: Caller, entryId: string, dto: RecordSharingDecisionDto, childId?: string): Promise<SharingDecisionView> {
    const { entry: facts, access } = await this.access.entryAccess(caller, entryId, 'entry.share', { child: 'record', orMay: 'share', childId });
    await this.access.assertCanShareEntry(caller, access, facts, 'entry.share');
    const [recipient] = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM agencies WHERE code = $1`, [dto.recipientAgency]);
    if (!recipient) throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'recipientAgency', problem: 'no agency has this code; see GET /api/agencies' }]);
    if (recipient.id === facts.sourceAgencyId) {
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'recipientAgency', problem: 'an agency does not share with itself' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      // Shared or refused, a decision on an entry that is no longer part of the record is refused.
      if (!(await holdOpenEntry(manager, entryId, facts.childId))) throw notFound('Entry');
      const decision = await manager.save(
        manager.create(SharingDecision, {
          entryId,
          childId: facts.childId,
          recipientAgencyId: recipient.id,
          decision: dto.decision,
          purpose: dto.purpose.trim(),
          necessity: dto.necessity?.trim() ?? null,
          lawfulBasis: dto.lawfulBasis?.trim() ?? null,
          familyInformed: dto.familyInformed,
          familyNotInformedReason: dto.familyNotInformedReason?.trim() ?? null,
          familyViews: dto.familyViews?.trim() ?? null,
          decidedById: caller.user.practitionerId,
          decidedAt: new Date(),
        }),
      );
      await this.audit.record(manager, caller, {
        action: 'entry.share',
        childId: facts.childId,
        entryIds: [entryId],
        basis: access,
        lawfulBasis: decision.lawfulBasis,
        details: { decisionId: decision.id, decision: dto.decision, recipientAgency: dto.recipientAgency },
      });
      return (await this.findDecisions(manager, 'd.id = $1', [decision.id]))[0];
    });
  }

  /** An entry's sharing decisions: for its recording agency, and for data protection officers. */
  async forEntry(caller: Caller, entryId: string): Promise<SharingDecisionView[]> {
    // A data protection officer reads any entry's decisions (purpose: audit); the recording agency reads its own.
    let basis: { childId: string; access?: ChildAccess };
    if (this.access.grants(caller, 'read', 'SharingDecision')) {
      const entry = await findEntryFacts(this.dataSource.manager, entryId);
      if (!entry) throw notFound('Entry');
      basis = { childId: entry.childId };
    } else {
      const { entry, access } = await this.access.entryAccess(caller, entryId, 'entry.sharing-decisions', { child: 'record', orMay: 'share' });
      await this.access.assertCanShareEntry(caller, access, entry, 'entry.sharing-decisions');
      basis = { childId: entry.childId, access };
    }
    return this.dataSource.transaction(async (manager) => {
      const decisions = await this.findDecisions(manager, 'd.entry_id = $1', [entryId]);
      await this.audit.record(manager, caller, {
        action: 'entry.sharing-decisions',
        childId: basis.childId,
        entryIds: [entryId],
        basis: basis.access,
        details: { decisions: decisions.length },
      });
      return decisions;
    });
  }

  /** The register of disclosures, newest first. */
  async register(caller: Caller, query: RegisterQuery): Promise<SharingDecisionView[]> {
    await this.access.assertCan(caller, 'read', 'SharingDecision', 'sharing-register.read');
    return this.dataSource.transaction(async (manager) => {
      const decisions = await this.findDecisions(
        manager,
        '($1::uuid IS NULL OR d.child_id = $1) AND ($2::date IS NULL OR d.decided_at >= $2::date)',
        [query.childId ?? null, query.since ?? null],
        query.limit ?? 100,
      );
      await this.audit.record(manager, caller, { action: 'sharing-register.read', childId: query.childId ?? null, details: { since: query.since ?? null, decisions: decisions.length } });
      return decisions;
    });
  }

  private async findDecisions(manager: EntityManager, where: string, parameters: unknown[], limit = 1000): Promise<SharingDecisionView[]> {
    const rows = await manager.query<DecisionRow[]>(`${DECISION_SELECT} WHERE ${where} ORDER BY d.decided_at DESC LIMIT ${Number(limit)}`, parameters);
    return rows.map(({ recipientCode, recipientName, decidedByName, decidedByAgency, decidedAt, ...decision }) => ({
      ...decision,
      recipientAgency: { code: recipientCode, name: recipientName },
      decidedBy: { name: decidedByName, agency: decidedByAgency },
      decidedAt: decidedAt.toISOString(),
    }));
  }
}
