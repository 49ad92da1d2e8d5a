import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../common/caller.decorator';
import { childNotFound, DomainError } from '../common/domain-error';
import { ChildIdentifier } from './child-identifier.entity';
import { Child } from './child.entity';
import { ChildView, toChildView } from './child.view';
import { CreateChildDto } from './dto/create-child.dto';
import { SearchChildrenQuery } from './dto/search-children.query';
import { normaliseIdentifier, parseSearchIdentifier } from './identifier-format';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class ChildrenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async create(caller: Caller, dto: CreateChildDto): Promise<ChildView> {
    await this.access.assertCan(caller, 'create', 'ChildRecord', 'child.create');
    const identifiers = (dto.identifiers ?? []).map(({ scheme, value }) => ({ scheme, value: normaliseIdentifier(value) }));
    try {
      return await this.dataSource.transaction(async (manager) => {
        const child = await manager.save(
          manager.create(Child, {
            givenName: dto.givenName.trim(),
            familyName: dto.familyName.trim(),
            knownAs: dto.knownAs?.trim() ?? null,
            dateOfBirth: dto.dateOfBirth,
            createdById: caller.user.practitionerId,
            identifiers: identifiers.map((identifier) => manager.create(ChildIdentifier, identifier)),
          }),
        );
        await this.audit.record(manager, caller, { action: 'child.create', childId: child.id });
        return toChildView(child);
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new DomainError('IDENTIFIER_IN_USE', 'One of these identifiers already belongs to a child record');
      }
      throw error;
    }
  }

  async get(caller: Caller, childId: string): Promise<ChildView> {
    const access = await this.access.childAccess(caller, childId, 'child.read');
    return this.dataSource.transaction(async (manager) => {
      const child = await this.findWithIdentifiers(manager, childId);
      if (!child) throw childNotFound();
      await this.audit.record(manager, caller, { action: 'child.read', childId, basis: access });
      return toChildView(child);
    });
  }

  async search(caller: Caller, query: SearchChildrenQuery): Promise<ChildView[]> {
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.matching(manager, query, (builder) => this.access.restrictToVisibleChildren(caller, builder, 'c'));
      const children = await this.identities(manager, ids);
      // Each child returned is a read of that child's record, audited against it with the relationship it rested on.
      const criteria = criteriaOf(query);
      const bases = await this.access.bases(caller, ids);
      if (ids.length === 0) await this.audit.record(manager, caller, { action: 'child.search', details: { criteria, resultChildIds: ids } });
      for (const childId of ids) {
        await this.audit.record(manager, caller, { action: 'child.search', childId, basis: bases.get(childId), details: { criteria, resultChildIds: ids } });
      }
      return children;
    });
  }

  /**
   * The data protection officer's way from a name, date of birth or identifier (a subject access
   * request, say) to the child's id: identity only, whichever team the child has. Each child found
   * is audited against that child.
   */
  async lookUpForAudit(caller: Caller, query: SearchChildrenQuery): Promise<ChildView[]> {
    await this.access.assertCan(caller, 'read', 'AuditLog', 'audit.child-lookup');
    return this.dataSource.transaction(async (manager) => {
      const ids = await this.matching(manager, query, (builder) => builder);
      const children = await this.identities(manager, ids);
      const details = { criteria: criteriaOf(query), resultChildIds: ids };
      if (ids.length === 0) await this.audit.record(manager, caller, { action: 'audit.child-lookup', details });
      for (const childId of ids) await this.audit.record(manager, caller, { action: 'audit.child-lookup', childId, details });
      return children;
    });
  }

  /** The ids of the children matching every criterion given, by family name then given name. */
  private async matching(
    manager: EntityManager,
    query: SearchChildrenQuery,
    restrict: (builder: SelectQueryBuilder<Child>) => SelectQueryBuilder<Child>,
  ): Promise<string[]> {
    const builder = manager.createQueryBuilder(Child, 'c').select('c.id', 'id');
    for (const [index, word] of (query.name ?? '').trim().split(/\s+/).filter(Boolean).entries()) {
      builder.andWhere(
        `(c.given_name ILIKE :w${index} OR c.family_name ILIKE :w${index} OR c.known_as ILIKE :w${index})`,
        { [`w${index}`]: `%${escapeLike(word)}%` },
      );
    }
    if (query.dateOfBirth) builder.andWhere('c.date_of_birth = :dob', { dob: query.dateOfBirth });
    const identifier = query.identifier === undefined ? null : parseSearchIdentifier(query.identifier);
    if (identifier) {
      const scheme = identifier.scheme ? ' AND ci.scheme = :scheme' : '';
      builder.andWhere(`EXISTS (SELECT 1 FROM child_identifiers ci WHERE ci.child_id = c.id AND ci.value = :identifier${scheme})`, { identifier: identifier.value, scheme: identifier.scheme });
    }
    const rows = await restrict(builder).orderBy('c.family_name').addOrderBy('c.given_name').limit(query.limit ?? 20).getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  /** The records of these children, in this order. */
  private async identities(manager: EntityManager, ids: string[]): Promise<ChildView[]> {
    const children = ids.length === 0 ? [] : await manager.find(Child, { where: ids.map((id) => ({ id })), relations: { identifiers: true } });
    const byId = new Map(children.map((child) => [child.id, child]));
    return ids.flatMap((id) => {
      const child = byId.get(id);
      return child ? [toChildView(child)] : [];
    });
  }

  async findWithIdentifiers(manager: EntityManager, childId: string): Promise<Child | null> {
    return manager.findOne(Child, { where: { id: childId }, relations: { identifiers: true } });
  }
}

/** Which criteria a search used (never their values: a name or identifier is personal data). */
function criteriaOf(query: SearchChildrenQuery): string[] {
  return Object.entries(query).flatMap(([key, value]) => (key !== 'limit' && value !== undefined ? [key] : []));
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
