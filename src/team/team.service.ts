import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import type { ChildAccess } from '../access/child-access';
import { AuditService } from '../audit/audit.service';
import { Child } from '../children/child.entity';
import type { Caller } from '../common/caller.decorator';
import { childNotFound, DomainError, notFound } from '../common/domain-error';
import { Practitioner } from '../practitioners/practitioner.entity';
import { AddInvolvementDto, EndInvolvementDto } from './dto/add-involvement.dto';
import { Involvement } from './involvement.entity';
import { InvolvementView, toInvolvementView } from './involvement.view';

@Injectable()
export class TeamService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The child's team; `may: 'manage'` for a page that exists to manage it, which refuses anyone else before anything is read. */
  async list(caller: Caller, childId: string, may: 'read' | 'manage' = 'read'): Promise<InvolvementView[]> {
    const access = await this.access.teamAccess(caller, childId, may, 'team.read');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Child, { id: childId }))) throw childNotFound();
      const involvements = await manager.find(Involvement, {
        where: { childId },
        relations: { practitioner: { agency: true } },
        order: { startsOn: 'ASC', createdAt: 'ASC' },
      });
      await this.audit.record(manager, caller, { action: 'team.read', childId, basis: access });
      return involvements.map((involvement) => toInvolvementView(involvement));
    });
  }

  /**
   * One involvement on the child's team, for a page that ends it: only one who may manage the team
   * is let see it (a refusal recorded as `attempting`), and it is audited as that one involvement.
   */
  async involvement(caller: Caller, childId: string, involvementId: string, attempting: 'team.read' | 'team.end'): Promise<InvolvementView> {
    const access = await this.access.teamAccess(caller, childId, 'manage', attempting);
    return this.dataSource.transaction(async (manager) => {
      const involvement = await this.findInvolvement(manager, caller, access, involvementId, attempting);
      await this.audit.record(manager, caller, { action: 'team.read', childId, basis: access, details: { involvementId } });
      return toInvolvementView(involvement);
    });
  }

  async add(caller: Caller, childId: string, dto: AddInvolvementDto): Promise<InvolvementView> {
    const access = await this.access.teamAccess(caller, childId, 'manage', 'team.add');
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Child, { id: childId }))) throw childNotFound();
      const practitioner = await manager.findOne(Practitioner, { where: { id: dto.practitionerId }, relations: { agency: true } });
      if (!practitioner) {
        throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'practitionerId', problem: 'no such practitioner' }]);
      }
      const involvement = await manager.save(
        manager.create(Involvement, {
          childId,
          practitionerId: practitioner.id,
          capacity: dto.capacity,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn ?? null,
          createdById: caller.user.practitionerId,
        }),
      );
      involvement.practitioner = practitioner;
      await this.audit.record(manager, caller, { action: 'team.add', childId, basis: access, details: { involvementId: involvement.id, practitionerId: practitioner.id } });
      return toInvolvementView(involvement);
    });
  }

  async end(caller: Caller, childId: string, involvementId: string, dto: EndInvolvementDto): Promise<InvolvementView> {
    const access = await this.access.teamAccess(caller, childId, 'manage', 'team.end');
    return this.dataSource.transaction(async (manager) => {
      const involvement = await this.findInvolvement(manager, caller, access, involvementId, 'team.end', true);
      if (dto.endsOn < involvement.startsOn) {
        throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [{ field: 'endsOn', problem: 'endsOn must not be before startsOn' }]);
      }
      await manager.update(Involvement, { id: involvement.id }, { endsOn: dto.endsOn });
      involvement.endsOn = dto.endsOn;
      await this.audit.record(manager, caller, { action: 'team.end', childId, basis: access, details: { involvementId, endsOn: dto.endsOn } });
      return toInvolvementView(involvement);
    });
  }

  /**
   * The involvement, if it is on this child's team: one on another child's (or none) is "not found",
   * recorded as a refusal, whichever it is.
   */
  private async findInvolvement(manager: EntityManager, caller: Caller, access: ChildAccess, involvementId: string, action: 'team.read' | 'team.end', lock = false): Promise<Involvement> {
    const involvement = await manager.findOne(Involvement, {
      where: { id: involvementId, childId: access.childId },
      relations: { practitioner: { agency: true } },
      ...(lock ? { lock: { mode: 'pessimistic_write', tables: ['involvements'] } } : {}),
    });
    if (involvement) return involvement;
    // An administrator may name any child; one that does not exist is refused as such, naming no child.
    await this.access.assertResolvedChildExists(caller, access, action);
    await this.audit.recordDenial(caller, { action, childId: access.childId, basis: access, details: { involvementId, reason: 'involvement-not-found' } });
    throw notFound('Involvement');
  }
}
