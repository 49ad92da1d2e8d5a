import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { todayIso } from '../common/dates';
import { DomainError, notFound } from '../common/domain-error';
import { Involvement } from '../team/involvement.entity';
import { AccessAction, AccessSubject, defineAbilityFor } from './ability.factory';

/**
 * The one place that decides who may see or change what. Until the field-level policy lands:
 * administrators manage children and teams but read no chronology; anyone else reads a child only
 * while on that child's team, and only the source agency amends its entries.
 */
@Injectable()
export class AccessService {
  constructor(
    @InjectRepository(Involvement) private readonly involvements: Repository<Involvement>,
    private readonly audit: AuditService,
  ) {}

  async assertCanManageChildren(caller: Caller, action: string): Promise<void> {
    await this.requireAbility(caller, 'manage', 'ChildRecord', action, null);
  }

  assertCanManageTeams(caller: Caller): void {
    if (!defineAbilityFor(caller.user).can('manage', 'Team')) {
      throw new DomainError('FORBIDDEN', 'Only administrators manage practitioners and teams');
    }
  }

  async assertCanManageTeam(caller: Caller, childId: string, action: string): Promise<void> {
    await this.requireAbility(caller, 'manage', 'Team', action, childId);
  }

  /** Identity data and the team: administrators, and practitioners on the child's team. */
  async assertCanSeeChild(caller: Caller, childId: string, action: string): Promise<void> {
    const ability = defineAbilityFor(caller.user);
    if (ability.can('manage', 'ChildRecord')) return;
    await this.requireInvolvement(caller, childId, action);
  }

  async assertCanReadCaseContent(caller: Caller, childId: string, action: string): Promise<void> {
    await this.requireInvolvementThenAbility(caller, childId, action, 'read', 'CaseContent');
  }

  async assertCanRecordEntry(caller: Caller, childId: string, action: string): Promise<void> {
    await this.requireInvolvementThenAbility(caller, childId, action, 'create', 'Entry');
  }

  async assertCanAmendEntry(caller: Caller, entry: { childId: string; sourceAgencyId: string; id: string }, action: string): Promise<void> {
    await this.requireInvolvementThenAbility(caller, entry.childId, action, 'amend', { kind: 'Entry', sourceAgencyId: entry.sourceAgencyId }, [entry.id]);
  }

  /** Narrows a query over `children` (aliased `childAlias`) to the children the caller may find. */
  restrictToVisibleChildren<T extends object>(caller: Caller, query: SelectQueryBuilder<T>, childAlias: string): SelectQueryBuilder<T> {
    if (defineAbilityFor(caller.user).can('manage', 'ChildRecord')) return query;
    return query.andWhere(
      new Brackets((where: WhereExpressionBuilder) =>
        where.where(
          `EXISTS (SELECT 1 FROM involvements vis WHERE vis.child_id = ${childAlias}.id AND vis.practitioner_id = :visPractitionerId
             AND vis.starts_on <= :visToday AND (vis.ends_on IS NULL OR vis.ends_on >= :visToday))`,
          { visPractitionerId: caller.user.practitionerId, visToday: todayIso() },
        ),
      ),
    );
  }

  async isInvolved(practitionerId: string, childId: string): Promise<boolean> {
    const today = todayIso();
    return this.involvements
      .createQueryBuilder('i')
      .where('i.child_id = :childId AND i.practitioner_id = :practitionerId', { childId, practitionerId })
      .andWhere('i.starts_on <= :today AND (i.ends_on IS NULL OR i.ends_on >= :today)', { today })
      .getExists();
  }

  /**
   * Without a current involvement the child is reported as not found, exactly as if it did not
   * exist, so nobody can probe which children are known.
   */
  private async requireInvolvementThenAbility(
    caller: Caller,
    childId: string,
    action: string,
    accessAction: AccessAction,
    subject: AccessSubject,
    entryIds: string[] = [],
  ): Promise<void> {
    const ability = defineAbilityFor(caller.user);
    if (ability.can('manage', 'ChildRecord')) {
      // Administrators know the child exists; say plainly that case content is not theirs to read.
      await this.requireAbility(caller, accessAction, subject, action, childId, entryIds);
      return;
    }
    await this.requireInvolvement(caller, childId, action);
    await this.requireAbility(caller, accessAction, subject, action, childId, entryIds);
  }

  private async requireInvolvement(caller: Caller, childId: string, action: string): Promise<void> {
    if (await this.isInvolved(caller.user.practitionerId, childId)) return;
    await this.audit.recordDenial(caller, { action, childId, details: { reason: 'not-involved' } });
    throw notFound('Child');
  }

  private async requireAbility(
    caller: Caller,
    accessAction: AccessAction,
    subject: AccessSubject,
    action: string,
    childId: string | null,
    entryIds: string[] = [],
  ): Promise<void> {
    if (defineAbilityFor(caller.user).can(accessAction, subject)) return;
    await this.audit.recordDenial(caller, { action, childId, entryIds, details: { reason: 'role-not-permitted' } });
    throw new DomainError('FORBIDDEN', 'Your role does not permit this');
  }
}
