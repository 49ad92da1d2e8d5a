import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../auth/principal';
import { AuditService } from '../audit/audit.service';
import type { AccessBasis, CallerAction } from '../audit/audit-vocabulary';
import { preparedQuery } from '../database/prepared-query';
import type { Caller } from '../common/caller.decorator';
import { todayIso } from '../common/dates';
import { childNotFound, DomainError, noSuchChild, notFound } from '../common/domain-error';
import { AgencyRecord, AppAbility, dataSubjectAbility, defineAbilityFor, EntryAttributes, entrySubject } from './ability.factory';
import { ClaimKind, PolicyAction, PolicySubject, Relationship, RELATIONSHIPS, WritableEntryField } from './access-policy';
import { AccessPolicyService } from './access-policy.service';
import { ChildAccess, maySeeChild } from './child-access';
import { ENTRY_FACTS_COLUMNS, ENTRY_FACTS_FROM, EntryFacts, findEntryFacts } from './entry-facts';
import { closedToChange, entryAttributes, mayKnowOf, readableFields, writableFieldsOfEntry, writableFieldsOfNewEntry } from './entry-decision';
import { currentClaimSql, onTeamSql, relationshipSql, sharedWithAgencySql } from './relationship-sql';

/** The child's record is visible and the policy lets the caller read or locate some entry of it. */
function mayOpenCaseContent(access: ChildAccess): boolean {
  return maySeeChild(access) && (access.ability.can('read', 'Entry') || access.ability.can('locate', 'Entry'));
}

/** Why a caller who knows of an entry may not change it, or share it. */
const MAY_NOT = {
  amend: 'Only the agency that recorded an entry may change it, and not once it is marked as entered in error',
  share: 'Only the agency that recorded an entry decides whether to share it, and not once it is marked as entered in error',
} as const;

/** What the caller may do for a child (`AccessService.childActions`): what the child's pages offer. */
export interface ChildActions {
  recordEntries: boolean;
  importEntries: boolean;
  print: boolean;
  readPrints: boolean;
  mentoring: boolean;
}

/** An imported entry as the access policy sees it: a standard entry recorded by the importer's agency. */
export function importedEntryAttributes(user: Pick<Principal, 'agency'>): EntryAttributes {
  return { sourceAgencyId: user.agency.id, sourceAgencyType: user.agency.type, sensitivity: 'standard', sharedWithMyAgency: false };
}

/** What decides a caller's access to a child, as `childAccessColumns` selects it. */
interface ChildAccessRow {
  involved: boolean;
  claimId: string | null;
  kind: ClaimKind | null;
  expiresAt: Date | null;
  sharedEntryIds: string[];
  childDateOfBirth: string | null;
}

/** The columns of a ChildAccessRow for the child `child` (an SQL expression); the caller is `$2` (practitioner), `$3` (today) and `$4` (agency), the claim `c` (`claimJoinSql`). */
function childAccessColumns(child: string): string {
  return `(SELECT date_of_birth FROM children WHERE id = ${child}) AS "childDateOfBirth",
          ${onTeamSql(child, '$2', '$3::date')} AS "involved",
          c.id AS "claimId", c.kind AS "kind", c.expires_at AS "expiresAt",
          ${sharedWithAgencySql(child, '$4')} AS "sharedEntryIds"`;
}

function claimJoinSql(child: string): string {
  return `LEFT JOIN LATERAL (${currentClaimSql(child, '$2')}) c ON true`;
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
  async assertCan(caller: Caller, action: PolicyAction, subject: PolicySubject, auditAction: CallerAction): Promise<void> {
    if (this.grants(caller, action, subject)) return;
    await this.audit.recordDenial(caller, { action: auditAction, details: { reason: 'role-not-permitted' } });
    throw new DomainError('FORBIDDEN', 'Your role does not permit this');
  }

  /** Whether the policy lets the caller do this whatever their relationship to any child (a data protection officer reading sharing decisions, say). */
  grants(caller: Caller, action: PolicyAction, subject: PolicySubject): boolean {
    return this.abilityFor(caller, 'none').can(action, subject);
  }

  /** Whether the policy lets the caller do this for a child whose team they are on (which pages to offer; each decides again for its child). */
  grantsOnTheTeam(caller: Caller, action: PolicyAction, subject: PolicySubject): boolean {
    return this.abilityFor(caller, 'involved').can(action, subject);
  }

  private abilityFor(caller: Caller, relationship: Relationship): AppAbility {
    return defineAbilityFor(this.policies.policy, caller.user, relationship);
  }

  /** The child's record is visible to the caller, or the child is "not found". */
  async childAccess(caller: Caller, childId: string, auditAction: CallerAction): Promise<ChildAccess> {
    return this.admit(caller, await this.resolve(caller, childId), auditAction, 'record');
  }

  /** As `childAccess`, and the caller must hold some right over the child's chronology. */
  async caseContentAccess(caller: Caller, childId: string, auditAction: CallerAction): Promise<ChildAccess> {
    return this.admit(caller, await this.resolve(caller, childId), auditAction, 'case-content');
  }

  /**
   * `check` made on access already resolved: the child's record is visible (`record`), and its case
   * content may be opened (`case-content`). A refusal is recorded, and answered with `refusal`'s
   * error where the caller named something other than the child.
   */
  private async admit(
    caller: Caller,
    access: ChildAccess,
    auditAction: CallerAction,
    check: 'record' | 'case-content',
    refusal?: (reason: 'no-relationship' | 'role-not-permitted') => DomainError,
  ): Promise<ChildAccess> {
    if (!maySeeChild(access)) {
      await this.audit.recordDenial(caller, { action: auditAction, childId: access.childId, details: { reason: 'no-relationship' } });
      throw refusal?.('no-relationship') ?? childNotFound();
    }
    if (check === 'record' || mayOpenCaseContent(access)) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw refusal?.('role-not-permitted') ?? new DomainError('FORBIDDEN', 'Your role does not permit reading case content');
  }

  /** The caller may print (or read the records of prints of) this child's chronology. */
  async exportAccess(caller: Caller, childId: string, action: 'create' | 'read', auditAction: CallerAction): Promise<ChildAccess> {
    const access = await this.childAccess(caller, childId, auditAction);
    if (access.ability.can(action, 'Export')) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', 'Your role and relationship to this child do not permit printing the chronology');
  }

  async teamAccess(caller: Caller, childId: string, action: 'read' | 'manage', auditAction: CallerAction): Promise<ChildAccess> {
    const access = await this.childAccess(caller, childId, auditAction);
    if (access.ability.can(action, 'Team')) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', action === 'manage' ? 'Only administrators manage teams' : 'Your role does not permit this');
  }

  /**
   * The one entry-level decision: the entry, and the caller's access to its child, if the policy
   * lets the caller at least know the entry exists (read some field of it, see its withheld marker,
   * or `orMay` amend or share it); otherwise "not found", recorded as a refusal, as for an entry
   * that does not exist. `child` is the check on the child first made: its record is visible
   * (`record`), and the caller may also read case content (`case-content`). Where the request
   * names the child too (`childId`), that child is checked first and the entry must be theirs.
   */
  async entryAccess(
    caller: Caller,
    entryId: string,
    auditAction: CallerAction,
    options: { child: 'record' | 'case-content'; childId?: string; orMay?: 'amend' | 'share'; mustMay?: 'amend' | 'share'; named?: string },
  ): Promise<{ entry: EntryFacts & EntryAttributes; access: ChildAccess }> {
    // What the request named (the entry, or a record of it such as a dispute) is what a refusal says was not found.
    const missing = () => notFound(options.named ?? 'Entry');
    let facts: EntryFacts | undefined;
    let access: ChildAccess;
    if (options.childId === undefined) {
      const found = await this.resolveEntry(caller, entryId);
      if (!found) throw missing();
      facts = found.facts;
      // Named by the entry alone: a caller who may not open its child learns no more than of an id that names no entry.
      access = await this.admit(caller, found.access, auditAction, options.child, missing);
    } else {
      // The child named too: one the caller may not see is "not found" as a child, as anywhere; entries they may not open, as entries.
      const refusal = (reason: 'no-relationship' | 'role-not-permitted') => (reason === 'no-relationship' ? childNotFound() : missing());
      access = await this.admit(caller, await this.resolve(caller, options.childId), auditAction, options.child, refusal);
      facts = await findEntryFacts(this.dataSource.manager, entryId);
    }
    const entry = facts && { ...facts, ...entryAttributes(access, facts) };
    if (!entry || entry.childId !== access.childId || !mayKnowOf(access, entry, options.orMay)) {
      await this.deny(caller, access, auditAction, [entryId], 'entry-not-visible');
      throw missing();
    }
    // A page that exists to change the entry is refused before anything of it is read.
    const may = options.mustMay && access.ability.can(options.mustMay, entrySubject(entry));
    if (options.mustMay && (!may || closedToChange(entry))) {
      await this.deny(caller, access, auditAction, [entryId], may ? 'entered-in-error' : 'role-not-permitted');
      throw new DomainError('FORBIDDEN', MAY_NOT[options.mustMay]);
    }
    return { entry, access };
  }

  /**
   * What each of these users may read of the entry now (by practitioner id), decided as
   * `entryAccess` decides a read of it with `case-content`: empty for one who may at most know it
   * exists. For telling them of it (a notification), which must say no more than reading it would.
   * `manager`: the transaction that wrote the entry.
   */
  async fieldsEachMayRead(manager: EntityManager, users: Principal[], entryId: string): Promise<Map<string, ReadonlySet<string>>> {
    const facts = await findEntryFacts(manager, entryId);
    const decided = new Map<string, ReadonlySet<string>>();
    if (!facts) return decided;
    await Promise.all(
      users.map(async (user) => {
        const access = await this.resolve({ user, correlationId: '', clientAddress: null }, facts.childId);
        decided.set(user.practitionerId, mayOpenCaseContent(access) ? readableFields(access, entryAttributes(access, facts)) : new Set());
      }),
    );
    return decided;
  }

  /** The caller's access to the child, when it lets them read case content (as `caseContentAccess` decides), else null; records nothing. */
  async caseContentIfAllowed(caller: Caller, childId: string): Promise<ChildAccess | null> {
    const access = await this.resolve(caller, childId);
    return mayOpenCaseContent(access) ? access : null;
  }

  /**
   * The caller may `action` this agency's own record of the child (a mentoring match, a mentor's
   * note); otherwise refused, and recorded. A child the caller may not see is "not found" first.
   */
  async agencyRecordAccess(
    caller: Caller,
    childId: string,
    record: AgencyRecord | AgencyRecord['kind'],
    action: 'read' | 'create',
    auditAction: CallerAction,
    refusal?: () => DomainError,
  ): Promise<ChildAccess> {
    const access = await this.admit(caller, await this.resolve(caller, childId), auditAction, 'record', refusal);
    // A kind alone: may the caller use some agency's record of it (which ones is then `mayUseAgencyRecord`'s to say, record by record).
    const may = (wanted: 'read' | 'create') => (typeof record === 'string' ? access.ability.can(wanted, record) : this.mayUseAgencyRecord(access, record, wanted));
    if (may(action)) return access;
    await this.deny(caller, access, auditAction, [], 'role-not-permitted');
    // Named by its id (`refusal`), a record the caller may not even read is answered as one that does not exist.
    if (refusal && !may('read')) throw refusal();
    throw new DomainError(
      'FORBIDDEN',
      (typeof record === 'string' ? record : record.kind) === 'MentoringNote' ? "A mentor's notes are read and written only within the charity that keeps them" : 'Only the mentoring charity on the team records and reads its matches and meetings',
    );
  }

  /** Whether the policy lets the caller `action` this agency's own record, under their access to its child. */
  mayUseAgencyRecord(access: ChildAccess, record: AgencyRecord, action: 'read' | 'create'): boolean {
    return access.ability.can(action, record);
  }

  /**
   * The caller may read the record of a print of this child's chronology (its creator's role, or a
   * data protection officer); otherwise, whether or not the export exists, it is "not found".
   */
  async exportRecordAccess<Record extends { childId: string }>(caller: Caller, exportId: string, record: Record | undefined): Promise<{ record: Record; access: ChildAccess }> {
    const access = record && (await this.resolve(caller, record.childId));
    if (record && access?.ability.can('read', 'Export')) return { record, access };
    await this.audit.recordDenial(caller, { action: 'export.read', childId: record?.childId ?? null, basis: access, details: { exportId, reason: 'not-visible' } });
    throw notFound('Export');
  }

  /**
   * A data protection officer answering a subject access request: the policy must let them
   * (SubjectAccess), and the child must exist. `subject` is the data subject's own access to
   * their record, from which the pack is read; the officer's own (`access`) is what the audit
   * trail records them acting under. They never read the chronology itself through it.
   */
  async subjectAccess(caller: Caller, childId: string, action: 'create' | 'read', auditAction: CallerAction): Promise<{ access: ChildAccess; subject: ChildAccess }> {
    const access = await this.resolve(caller, childId);
    if (!access.ability.can(action, 'SubjectAccess')) {
      await this.deny(caller, access, auditAction, [], 'role-not-permitted');
      throw new DomainError('FORBIDDEN', 'Only data protection officers deal with subject access requests');
    }
    await this.assertResolvedChildExists(caller, access, auditAction);
    return { access, subject: { ...access, relationship: 'none', claim: null, sharedEntryIds: [], ability: dataSubjectAbility() } };
  }

  /**
   * A child named by a request that reaches every child's record whatever the caller's
   * relationship (a data protection officer's report): one that does not exist is "not found",
   * recorded as a refusal naming no child, and nothing about it is read.
   */
  async assertChildExists(caller: Caller, childId: string, auditAction: CallerAction): Promise<void> {
    const [found] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM children WHERE id = $1`, [childId]);
    if (!found) await this.refuseMissingChild(caller, auditAction);
  }

  /** As `assertChildExists`, on access already resolved: its child's date of birth is there only when the child is. */
  async assertResolvedChildExists(caller: Caller, access: ChildAccess, auditAction: CallerAction): Promise<void> {
    if (access.childDateOfBirth === null) await this.refuseMissingChild(caller, auditAction);
  }

  private async refuseMissingChild(caller: Caller, auditAction: CallerAction): Promise<never> {
    await this.audit.recordDenial(caller, { action: auditAction, details: { reason: 'child-not-found' } });
    throw noSuchChild();
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
    auditAction: CallerAction,
    refusal = action === 'create' ? 'Your role does not permit recording entries for this child' : 'Only the agency that recorded an entry may change it',
  ): Promise<void> {
    const subject = entrySubject(entry);
    const entryIds = entry.id ? [entry.id] : [];
    if (!access.ability.can(action, subject)) {
      await this.deny(caller, access, auditAction, entryIds, 'role-not-permitted');
      throw new DomainError('FORBIDDEN', refusal);
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

  /** The entry fields the caller may write on a new entry for this child (none if they may not record one): what a form offers. */
  async newEntryFields(caller: Caller, childId: string): Promise<WritableEntryField[]> {
    return writableFieldsOfNewEntry(await this.resolve(caller, childId), caller.user);
  }

  /**
   * What the caller may do for this child, decided from their access to it now as each service
   * decides it: record an entry (some field of a new entry, as `newEntryFields`), import their
   * agency's chronology (record a standard entry as their agency, as the import does), print the
   * chronology (as `exportAccess`), use the mentoring space. What the child's pages offer; each
   * action is still decided, and audited, when it is made. Records nothing.
   */
  async childActions(caller: Caller, childId: string): Promise<ChildActions> {
    const access = await this.resolve(caller, childId);
    if (!maySeeChild(access)) return { recordEntries: false, importEntries: false, print: false, readPrints: false, mentoring: false };
    return {
      recordEntries: writableFieldsOfNewEntry(access, caller.user).length > 0,
      importEntries: access.ability.can('create', entrySubject(importedEntryAttributes(caller.user))),
      print: access.ability.can('create', 'Export'),
      readPrints: access.ability.can('read', 'Export'),
      mentoring: access.ability.can('read', 'Mentoring'),
    };
  }

  /**
   * What the caller may do to an entry: the fields they may amend and whether they may record a
   * sharing decision (neither once it is marked entered in error). What a page offers; the write
   * itself is decided, and audited, when it is made.
   */
  async entryChanges(caller: Caller, entryId: string): Promise<{ amend: WritableEntryField[]; share: boolean }> {
    const facts = await findEntryFacts(this.dataSource.manager, entryId);
    if (!facts) return { amend: [], share: false };
    const access = await this.resolve(caller, facts.childId);
    const entry = entryAttributes(access, facts);
    if (closedToChange(facts)) return { amend: [], share: false };
    return { amend: writableFieldsOfEntry(access, entry), share: access.ability.can('share', entrySubject(entry)) };
  }

  async assertCanShareEntry(caller: Caller, access: ChildAccess, entry: EntryAttributes & { id: string }, auditAction: CallerAction): Promise<void> {
    if (access.ability.can('share', entrySubject(entry))) return;
    await this.deny(caller, access, auditAction, [entry.id], 'role-not-permitted');
    throw new DomainError('FORBIDDEN', MAY_NOT.share);
  }

  async recordDenial(caller: Caller, access: ChildAccess, auditAction: CallerAction, entryIds: string[], reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.deny(caller, access, auditAction, entryIds, reason, extra);
  }

  /**
   * Narrows a query over `children` (aliased `childAlias`) to the children whose record the caller
   * may read: those to whom they stand in a relationship under which the policy lets them read it.
   */
  restrictToVisibleChildren<T extends object>(caller: Caller, query: SelectQueryBuilder<T>, childAlias: string): SelectQueryBuilder<T> {
    const visibleUnder = RELATIONSHIPS.filter((relationship) => this.abilityFor(caller, relationship).can('read', 'ChildRecord'));
    if (visibleUnder.includes('none')) return query;
    return query.andWhere(`${relationshipSql(`${childAlias}.id`, ':visPractitionerId', ':visToday::date')} = ANY(:visRelationships::text[])`, {
      visPractitionerId: caller.user.practitionerId,
      visToday: todayIso(),
      visRelationships: visibleUnder,
    });
  }

  /**
   * How the caller stands to each of several children, in one query, as `resolve` decides it for
   * one: for auditing a read that returned several children's records, each against its own child.
   */
  async bases(caller: Caller, childIds: string[]): Promise<Map<string, AccessBasis>> {
    const rows = await preparedQuery<{ childId: string; involved: boolean; claimId: string | null; kind: ClaimKind | null }>(
      this.dataSource.manager,
      `SELECT child.id AS "childId", ${onTeamSql('child.id', '$2', '$3::date')} AS "involved", c.id AS "claimId", c.kind AS "kind"
         FROM unnest($1::uuid[]) AS child(id)
         LEFT JOIN LATERAL (${currentClaimSql('child.id', '$2')}) c ON true`,
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
    const [row] = await preparedQuery<ChildAccessRow>(
      this.dataSource.manager,
      `SELECT ${childAccessColumns('$1')} FROM (SELECT 1) one ${claimJoinSql('$1')}`,
      this.accessParameters(caller, childId),
    );
    return this.childAccessOf(caller, childId, row);
  }

  /**
   * An entry's facts and the caller's access to its child, decided as `resolve` decides it, in one
   * statement: a read of one entry would otherwise wait for the entry's child before asking how the
   * caller stands to it. Undefined when there is no such entry.
   */
  private async resolveEntry(caller: Caller, entryId: string): Promise<{ facts: EntryFacts; access: ChildAccess } | undefined> {
    const [row] = await preparedQuery<ChildAccessRow & EntryFacts>(
      this.dataSource.manager,
      `SELECT ${ENTRY_FACTS_COLUMNS}, ${childAccessColumns('e.child_id')} ${ENTRY_FACTS_FROM} ${claimJoinSql('e.child_id')} WHERE e.id = $1`,
      this.accessParameters(caller, entryId),
    );
    if (!row) return undefined;
    const { id, childId, status, sourceAgencyId, sourceAgencyType, sensitivity, agencyName, agencyContact } = row;
    return { facts: { id, childId, status, sourceAgencyId, sourceAgencyType, sensitivity, agencyName, agencyContact }, access: this.childAccessOf(caller, childId, row) };
  }

  /** `$1` names the child (or the entry), `$2`-`$4` the caller, as `childAccessColumns` expects. */
  private accessParameters(caller: Caller, first: string): unknown[] {
    return [first, caller.user.practitionerId, todayIso(), caller.user.agency.id];
  }

  private childAccessOf(caller: Caller, childId: string, row: ChildAccessRow): ChildAccess {
    const claim = !row.involved && row.claimId && row.kind && row.expiresAt ? { id: row.claimId, kind: row.kind, expiresAt: row.expiresAt.toISOString() } : null;
    const relationship: Relationship = row.involved ? 'involved' : (claim?.kind ?? 'none');
    return { childId, relationship, claim, sharedEntryIds: row.sharedEntryIds, childDateOfBirth: row.childDateOfBirth, ability: this.abilityFor(caller, relationship) };
  }

  private async deny(caller: Caller, access: ChildAccess, action: CallerAction, entryIds: string[], reason: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.audit.recordDenial(caller, { action, childId: access.childId, entryIds, basis: access, details: { reason, ...extra } });
  }
}
