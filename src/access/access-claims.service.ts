import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { normaliseIdentifier } from '../children/identifier-format';
import type { Caller } from '../common/caller.decorator';
import { childNotFound, DomainError, notFound } from '../common/domain-error';
import { AccessClaim } from './access-claim.entity';
import { AccessAlertView, AccessClaimView } from './access-claim.view';
import { ClaimKind } from './access-policy';
import { AccessPolicyService } from './access-policy.service';
import { AccessService } from './access.service';
import { CreateAccessClaimDto } from './dto/create-access-claim.dto';
import { ListAccessClaimsQuery } from './dto/list-access-claims.query';
import { ReviewAccessClaimDto, ReviewOutcome } from './dto/review-access-claim.dto';

const HOUR_MS = 3_600_000;

type AlertRow = Omit<AccessAlertView, 'grantedAt' | 'expiresAt' | 'practitioner' | 'review'> & {
  grantedAt: Date;
  expiresAt: Date;
  practitionerId: string;
  practitionerName: string;
  practitionerRole: string;
  agencyName: string;
  reviewOutcome: ReviewOutcome | null;
  reviewNotes: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
};

/**
 * Self-claimed relationships and emergency (break-glass) access: granted at once with a written
 * reason, for the time the policy sets, and every one is an alert for the data protection officer.
 */
@Injectable()
export class AccessClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly policies: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  async claim(caller: Caller, dto: CreateAccessClaimDto): Promise<AccessClaimView> {
    const { claims } = this.policies.policy;
    // The reason's length (the policy's minimum) is checked by the DTO, with the request's other problems.
    const reason = dto.reason.trim();
    await this.access.assertCan(caller, 'claim', 'ChildRecord', 'access.claim');
    const childId = dto.childId ?? (await this.childIdByIdentifier(dto.identifier!.scheme, dto.identifier!.value));
    if (!childId || (await this.dataSource.query(`SELECT 1 FROM children WHERE id = $1`, [childId])).length === 0) {
      await this.audit.recordDenial(caller, { action: 'access.claim', details: { reason: 'child-not-found', kind: dto.kind } });
      throw childNotFound();
    }
    if ((await this.access.resolve(caller, childId)).relationship === 'involved') {
      throw new DomainError('ALREADY_HAS_ACCESS', "You are on this child's team already; no claim is needed");
    }
    const grantedAt = new Date();
    const expiresAt = new Date(grantedAt.getTime() + claims[dto.kind].durationHours * HOUR_MS);
    return this.dataSource.transaction(async (manager) => {
      const claim = await manager.save(manager.create(AccessClaim, { childId, practitionerId: caller.user.practitionerId, kind: dto.kind, reason, grantedAt, expiresAt }));
      await this.audit.record(manager, caller, {
        action: 'access.claim',
        childId,
        basis: { relationship: dto.kind, claim: { id: claim.id, kind: dto.kind } },
        details: { kind: dto.kind, expiresAt: expiresAt.toISOString(), alert: 'data-protection-officer' },
      });
      return {
        id: claim.id,
        childId,
        kind: claim.kind,
        reason,
        grantedAt: grantedAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        notice:
          `${dto.kind === 'emergency' ? 'Emergency access' : 'Your claimed relationship'} is granted until ${expiresAt.toISOString()}. ` +
          'Everything you read is recorded against this claim and the data protection officer has been alerted to review it. ' +
          'Restricted information stays withheld.',
      };
    });
  }

  /** The data protection officer's review list: claims newest first, with how much was read under each and its review. */
  async alerts(caller: Caller, query: ListAccessClaimsQuery): Promise<AccessAlertView[]> {
    await this.access.assertCan(caller, 'read', 'AccessAlert', 'access-alerts.read');
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.findAlerts(manager, query);
      await this.audit.record(manager, caller, { action: 'access-alerts.read', details: { since: query.since ?? null, status: query.status ?? 'all', claims: rows.length } });
      return rows;
    });
  }

  /** One claim, as the review list gives it, audited as that one claim read (of its child). */
  async alert(caller: Caller, claimId: string): Promise<AccessAlertView> {
    await this.access.assertCan(caller, 'read', 'AccessAlert', 'access-alerts.read');
    return this.dataSource.transaction(async (manager) => {
      const [alert] = await this.findAlerts(manager, { claimId });
      if (!alert) throw notFound('Access claim');
      await this.audit.record(manager, caller, { action: 'access-alerts.read', childId: alert.childId, details: { claimId, claims: 1 } });
      return alert;
    });
  }

  /** Records the outcome of the review of one claim; a claim is reviewed once. */
  async review(caller: Caller, claimId: string, dto: ReviewAccessClaimDto): Promise<AccessAlertView> {
    await this.access.assertCan(caller, 'review', 'AccessAlert', 'access.review');
    return this.dataSource.transaction(async (manager) => {
      const [claim] = await manager.query<{ childId: string; kind: ClaimKind }[]>(`SELECT child_id AS "childId", kind FROM access_claims WHERE id = $1`, [claimId]);
      if (!claim) throw notFound('Access claim');
      // One review per claim: of two at the same moment, the unique constraint lets the first in.
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO access_claim_reviews (claim_id, outcome, notes, reviewed_by_id, reviewed_at) VALUES ($1, $2, $3, $4, now())
         ON CONFLICT (claim_id) DO NOTHING RETURNING id`,
        [claimId, dto.outcome, dto.notes.trim(), caller.user.practitionerId],
      );
      if (inserted.length === 0) throw new DomainError('CONFLICT', 'This claim has been reviewed already');
      await this.audit.record(manager, caller, { action: 'access.review', childId: claim.childId, details: { claimId, kind: claim.kind, outcome: dto.outcome } });
      const [alert] = await this.findAlerts(manager, { claimId });
      return alert;
    });
  }

  private async findAlerts(manager: EntityManager, filter: ListAccessClaimsQuery & { claimId?: string }): Promise<AccessAlertView[]> {
    const rows = await manager.query<AlertRow[]>(
      `SELECT c.id AS "claimId", c.child_id AS "childId", ch.given_name || ' ' || ch.family_name AS "childName", c.kind, c.reason, c.granted_at AS "grantedAt", c.expires_at AS "expiresAt",
              c.expires_at > now() AS "active", p.id AS "practitionerId", p.name AS "practitionerName", p.role AS "practitionerRole", a.name AS "agencyName",
              (SELECT count(DISTINCT read.entry_id)::int FROM audit.events ae CROSS JOIN unnest(ae.entry_ids) AS read(entry_id)
                WHERE ae.access_claim_id = c.id AND ae.outcome = 'success') AS "entriesRead",
              -- A review covers what had been read by then; the claim may still be in use after it.
              CASE WHEN r.id IS NOT NULL THEN
                (SELECT count(DISTINCT read.entry_id)::int FROM audit.events ae CROSS JOIN unnest(ae.entry_ids) AS read(entry_id)
                  WHERE ae.access_claim_id = c.id AND ae.outcome = 'success' AND ae.occurred_at > r.reviewed_at) END AS "entriesReadSinceReview",
              r.outcome AS "reviewOutcome", r.notes AS "reviewNotes", rp.name AS "reviewedBy", r.reviewed_at AS "reviewedAt"
         FROM access_claims c
         JOIN children ch ON ch.id = c.child_id
         JOIN practitioners p ON p.id = c.practitioner_id
         JOIN agencies a ON a.id = p.agency_id
         LEFT JOIN access_claim_reviews r ON r.claim_id = c.id
         LEFT JOIN practitioners rp ON rp.id = r.reviewed_by_id
        WHERE ($1::date IS NULL OR c.granted_at >= $1::date)
          AND ($2::text = 'all' OR ($2 = 'awaiting-review') = (r.id IS NULL))
          AND ($3::uuid IS NULL OR c.id = $3)
        ORDER BY c.granted_at DESC
        LIMIT $4`,
      [filter.since ?? null, filter.status ?? 'all', filter.claimId ?? null, filter.limit ?? 100],
    );
    return rows.map(({ practitionerId, practitionerName, practitionerRole, agencyName, grantedAt, expiresAt, reviewOutcome, reviewNotes, reviewedBy, reviewedAt, ...claim }) => ({
      ...claim,
      grantedAt: grantedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      practitioner: { id: practitionerId, name: practitionerName, role: practitionerRole, agency: agencyName },
      review: reviewOutcome && reviewedAt ? { outcome: reviewOutcome, notes: reviewNotes ?? '', reviewedBy: reviewedBy ?? '', reviewedAt: reviewedAt.toISOString() } : null,
    }));
  }

  private async childIdByIdentifier(scheme: string, value: string): Promise<string | null> {
    const [row] = await this.dataSource.query<{ childId: string }[]>(
      `SELECT child_id AS "childId" FROM child_identifiers WHERE scheme = $1 AND value = $2`,
      [scheme, normaliseIdentifier(value)],
    );
    return row?.childId ?? null;
  }
}
