import { Inject, Injectable } from '@nestjs/common';
import { AgenciesService } from '../agencies/agencies.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError } from '../common/domain-error';
import { ROLES, Role } from '../practitioners/practitioner.entity';
import { PractitionersService, sameIdentity } from '../practitioners/practitioners.service';
import { IdentityClaims, Principal } from './principal';

const RECENT_MS = 60_000;
const RECENT_LIMIT = 10_000;

/**
 * Turns verified identity claims into a Principal, using the configured claim names. A user seen
 * in the last minute with exactly the same claims is recognised without asking the database: every
 * request of a busy user would otherwise begin with the same lookup.
 */
@Injectable()
export class PrincipalResolver {
  private readonly recent = new Map<string, { claimsKey: string; principal: Omit<Principal, 'authenticatedBy'>; until: number }>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly agencies: AgenciesService,
    private readonly practitioners: PractitionersService,
  ) {}

  async resolve(claims: IdentityClaims, authenticatedBy: Principal['authenticatedBy']): Promise<Principal> {
    const { agencyClaim, roleClaim, nameClaim } = this.config.oidc;
    const subject = claims.sub;
    const agencyCode = claims[agencyClaim];
    const role = roleOf(claims[roleClaim]);
    if (typeof subject !== 'string' || subject.length === 0) {
      throw new DomainError('TOKEN_INVALID', 'The token names no subject');
    }
    if (typeof agencyCode !== 'string' || role === null) {
      throw new DomainError('ACCOUNT_NOT_RECOGNISED', `Your account carries no recognised agency and role (claims "${agencyClaim}", "${roleClaim}")`);
    }
    const name = typeof claims[nameClaim] === 'string' ? (claims[nameClaim] as string) : subject;
    const jobTitle = typeof claims.job_title === 'string' ? claims.job_title : null;
    const email = typeof claims.email === 'string' ? claims.email : null;
    const claimsKey = JSON.stringify([agencyCode, role, name, jobTitle, email]);
    const seen = this.recent.get(subject);
    if (seen && seen.claimsKey === claimsKey && seen.until > Date.now()) return { ...seen.principal, authenticatedBy };
    // Usually the stored practitioner already says what the token says: then one query settles it.
    const known = await this.practitioners.findBySubject(subject);
    const agency = known?.agency?.code === agencyCode ? known.agency : await this.agencies.findByCode(agencyCode);
    if (!agency) {
      throw new DomainError('ACCOUNT_NOT_RECOGNISED', 'Your agency is not registered with this service');
    }
    const identity = { subject, name, email, jobTitle, agencyId: agency.id, role };
    const practitioner = known && sameIdentity(known, identity) ? known : await this.practitioners.syncFromIdentity(identity);
    const principal = { subject, practitionerId: practitioner.id, name, role, jobTitle, agency: { id: agency.id, code: agency.code, name: agency.name, type: agency.type } };
    if (this.recent.size >= RECENT_LIMIT) this.recent.clear();
    this.recent.set(subject, { claimsKey, principal, until: Date.now() + RECENT_MS });
    return { ...principal, authenticatedBy };
  }
}

/**
 * The role claim holds one role, or (as Entra ID's `roles` and Keycloak's role lists do) a list in
 * which exactly one of this service's roles appears; anything else is no recognised role.
 */
function roleOf(claim: unknown): Role | null {
  const values = Array.isArray(claim) ? claim : [claim];
  const roles = values.filter((value): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value));
  return roles.length === 1 ? roles[0] : null;
}
