import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Practitioner, Role } from './practitioner.entity';

export interface IdentitySnapshot {
  subject: string;
  name: string;
  email: string | null;
  jobTitle: string | null;
  agencyId: string;
  role: Role;
}

@Injectable()
export class PractitionersService {
  constructor(@InjectRepository(Practitioner) private readonly practitioners: Repository<Practitioner>) {}

  /** The practitioner with their agency: one query, on every authenticated request. */
  findBySubject(subject: string): Promise<Practitioner | null> {
    return this.practitioners.findOne({ where: { subject }, relations: { agency: true } });
  }

  /** The identity provider is the source of truth for name, agency and role; the row follows it. */
  async syncFromIdentity(identity: IdentitySnapshot): Promise<Practitioner> {
    const existing = await this.practitioners.findOneBy({ subject: identity.subject });
    if (existing && sameIdentity(existing, identity)) return existing;
    await this.practitioners.upsert(identity, { conflictPaths: ['subject'] });
    return this.practitioners.findOneByOrFail({ subject: identity.subject });
  }

  list(filter: { agencyCode?: string }): Promise<Practitioner[]> {
    return this.practitioners.find({
      where: filter.agencyCode ? { agency: { code: filter.agencyCode } } : {},
      relations: { agency: true },
      order: { name: 'ASC' },
    });
  }
}

export function sameIdentity(row: Practitioner, identity: IdentitySnapshot): boolean {
  return (
    row.name === identity.name &&
    row.email === identity.email &&
    row.jobTitle === identity.jobTitle &&
    row.agencyId === identity.agencyId &&
    row.role === identity.role
  );
}
