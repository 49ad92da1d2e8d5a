import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AccessBasis } from '../audit/audit-vocabulary';
import { preparedQuery } from '../database/prepared-query';
import type { Caller } from '../common/caller.decorator';
import { todayIso } from '../common/dates';
import { childNotFound, DomainError } from '../common/domain-error';
import { AppAbility, defineAbilityFor, EntryAttributes, entrySubject } from './ability.factory';
import { ClaimKind, PolicyAction, PolicySubject, Relationship } from './access-policy';
import { AccessPolicyService } from './access-policy.service';

/** How the caller stands to one child, and what that lets them do. Every child-scoped operation starts from one. */
export interface ChildAccess {
  childId: string;
  relationship: Relationship;
  /** The claimed or emergency relationship the access rests on, if any. */
  claim: { id: string; kind: ClaimKind; expiresAt: string } | null;
  /** The child's entries that their recording agency has shared with the caller's agency. */
  sharedEntryIds: string[];
  /** Fetched with the relationship, for the child's age at each event; null when there is no such child. */
  childDateOfBirth: string | null;
  ability: AppAbility;
}

/**
 * The one place that decides who may see or change what, by asking the ability built from
 * config/access-policy.json. A child the caller has no relationship with (and whose record the
 * policy does not otherwise let them read) is reported as not found, exactly as if it did not exist.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: AccessPolicyService,
    private readonly audit: AuditService,
  ) {}

  /** Abilities that do not depend on a child: creating child records, listing practitioners, the audit trail. */
  async assertCan(caller: Caller, action: PolicyAction, subject: PolicySubject, auditAction: string): Promise<void> {
    if (this.abilityFor(caller, 'none').can(action, subject)) return;
    await this.audit.recordDenial(caller, { action: auditAction, details: { reason: 'role-not-permitted' } });
    throw new DomainError('FORBIDDEN', 'Your role does not permit this');
  }

  abilityFor(caller: Caller, relationship: Relationship): AppAbility {
    return defineAbilityFor(this.policies.policy, caller.user, relationship);
  }

  /** The child's record is visible to the caller, or the child is "not found". */
  async childAccess(caller: Caller, childId: string, auditAction: string): Promise<ChildAccess> {
    const access = await this.resolve(caller, childId);
    if (access.ability.can('read', 'ChildRecord')) return access;
    await this.audit.recordDenial(caller, { action: auditAction, childId, details: { reason: 'no-relationship' } });
    throw childNotFound();
  }

  /** As `childAccess`, and the caller must hold some right over the child's chronology. */
  async caseContentAccess(caller: Caller, childId: string, auditAction: string): Promise<ChildAccess> {
    const access = await this.childAccess(caller, childId, auditAction);
    if (access.ability.can('read', 'Entry') || access.ability.can('locate', 'Entry')) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', 'Your role does not permit reading case content');
  }

  /** The caller may print (or read the records of prints of) this child's chronology. */
  async exportAccess(caller: Caller, childId: string, action: 'create' | 'read', auditAction: string): Promise<ChildAccess> {
    const access = await this.childAccess(caller, childId, auditAction);
    if (access.ability.can(action, 'Export')) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', 'Your role and relationship to this child do not permit printing the chronology');
  }

  async teamAccess(caller: Caller, childId: string, action: 'read' | 'manage', auditAction: string): Promise<ChildAccess> {
    const access = await this.childAccess(caller, childId, auditAction);
    if (access.ability.can(action, 'Team')) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', action === 'manage' ? 'Only administrators manage teams' : 'Your role does not permit this');
  }

  /**
   * Writes name their fields: each must be granted for this entry (as it will be after the write),
   * or the write is refused with the fields listed and nothing changes.
   */
  async assertCanWriteEntry(
    caller: Caller,
    access: ChildAccess,
    action: 'create' | 'amend',
    entry: EntryAttributes & { id?: string },
    fields: string[],
    auditAction: string,
  ): Promise<void> {
    const subject = entrySubject(entry);
    const entryIds = entry.id ? [entry.id] : [];
    if (!access.ability.can(action, subject)) {
      await this.deny(caller, access, auditAction, entryIds, 'role-not-permitted');
      throw new DomainError(
        'FORBIDDEN',
        action === 'create' ? 'Your role does not permit recording entries for this child' : 'Only the agency that recorded an entry may change it',
      );
    }
    const forbidden = fields.filter((field) => !access.ability.can(action, subject, field));
    if (forbidden.length === 0) return;
    await this.deny(caller, access, auditAction, entryIds, 'field-not-writable', { fields: forbidden });
    throw new DomainError(
      'FIELD_NOT_WRITABLE',
      `The access policy does not let your role and agency write ${forbidden.join(', ')}`,
      forbidden.map((field) => ({ field, problem: 'not writable by your role and agency under the access policy' })),
    );
  }

  async assertCanShareEntry(caller: Caller, access: ChildAccess, entry: EntryAttributes & { id: string }, auditAction: string): Promise<void> {
    if (access.ability.can('share', entrySubject(entry))) return;
    await this.deny(caller, access, auditAction, [entry.id], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', 'Only the agency that recorded an entry decides whether to share it');
  }

  async recordDenial(caller: Caller, access: ChildAccess, auditAction: string, entryIds: string[], reason: string): Promise<void> {
    await this.deny(caller, access, auditAction, entryIds, reason);
  }

  /** Narrows a query over `children` (aliased `childAlias`) to the children whose record the caller may read. */
  restrictToVisibleChildren<T extends object>(caller: Caller, query: SelectQueryBuilder<T>, childAlias: string): SelectQueryBuilder<T> {
    if (this.abilityFor(caller, 'none').can('read', 'ChildRecord')) return query;
    return query.andWhere(
      new Brackets((where: WhereExpressionBuilder) =>
        where
          .where(
            `EXISTS (SELECT 1 FROM involvements vis WHERE vis.child_id = ${childAlias}.id AND vis.practitioner_id = :visPractitionerId
               AND vis.starts_on <= :visToday AND (vis.ends_on IS NULL OR vis.ends_on >= :visToday))`,
          )
          .orWhere(
            `EXISTS (SELECT 1 FROM access_claims vac WHERE vac.child_id = ${childAlias}.id AND vac.practitioner_id = :visPractitionerId
               AND vac.expires_at > now())`,
          ),
      ),
      { visPractitionerId: caller.user.practitionerId, visToday: todayIso() },
    );
  }

  /**
   * How the caller stands to each of several children, in one query, as `resolve` decides it for
   * one: for auditing a read that returned several children's records, each against its own child.
   */
  async bases(caller: Caller, childIds: string[]): Promise<Map<string, AccessBasis>> {
    const rows = await preparedQuery<{ childId: string; involved: boolean; claimId: string | null; kind: ClaimKind | null }>(
      this.dataSource.manager,
      `SELECT child.id AS "childId",
              EXISTS (SELECT 1 FROM involvements i WHERE i.child_id = child.id AND i.practitioner_id = $2
                        AND i.starts_on <= $3::date AND (i.ends_on IS NULL OR i.ends_on >= $3::date)) AS "involved",
              c.id AS "claimId", c.kind AS "kind"
         FROM unnest($1::uuid[]) AS child(id)
         LEFT JOIN LATERAL (SELECT id, kind FROM access_claims
                             WHERE child_id = child.id AND practitioner_id = $2 AND expires_at > now()
                             ORDER BY expires_at DESC LIMIT 1) c ON true`,
      [childIds, caller.user.practitionerId, todayIso()],
    );
    return new Map(
      rows.map((row): [string, AccessBasis] => {
        const claim = !row.involved && row.claimId && row.kind ? { id: row.claimId, kind: row.kind } : null;
        return [row.childId, { relationship: row.involved ? 'involved' : (claim?.kind ?? 'none'), claim }];
      }),
    );
  }

  /** Involvement first: a practitioner on the team reads as a team member even while holding a claim. */
  async resolve(caller: Caller, childId: string): Promise<ChildAccess> {
    const [row] = await preparedQuery<{ involved: boolean; claimId: string | null; kind: ClaimKind | null; expiresAt: Date | null; sharedEntryIds: string[]; childDateOfBirth: string | null }>(
      this.dataSource.manager,
      `SELECT (SELECT date_of_birth FROM children WHERE id = $1) AS "childDateOfBirth",
              EXISTS (SELECT 1 FROM involvements i WHERE i.child_id = $1 AND i.practitioner_id = $2
                        AND i.starts_on <= $3::date AND (i.ends_on IS NULL OR i.ends_on >= $3::date)) AS "involved",
              c.id AS "claimId", c.kind AS "kind", c.expires_at AS "expiresAt",
              ARRAY(SELECT DISTINCT sd.entry_id::text FROM sharing_decisions sd
                     WHERE sd.child_id = $1 AND sd.recipient_agency_id = $4 AND sd.decision = 'shared') AS "sharedEntryIds"
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT id, kind, expires_at FROM access_claims
                             WHERE child_id = $1 AND practitioner_id = $2 AND expires_at > now()
                             ORDER BY expires_at DESC LIMIT 1) c ON true`,
      [childId, caller.user.practitionerId, todayIso(), caller.user.agency.id],
    );
    const claim = !row.involved && row.claimId && row.kind && row.expiresAt ? { id: row.claimId, kind: row.kind, expiresAt: row.expiresAt.toISOString() } : null;
    const relationship: Relationship = row.involved ? 'involved' : (claim?.kind ?? 'none');
    return { childId, relationship, claim, sharedEntryIds: row.sharedEntryIds, childDateOfBirth: row.childDateOfBirth, ability: this.abilityFor(caller, relationship) };
  }

  private async deny(caller: Caller, access: ChildAccess, action: string, entryIds: string[], reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.audit.recordDenial(caller, { action, childId: access.childId, entryIds, basis: access, details: { reason, ...extra } });
  }
}
