import type { AgencyType } from '../agencies/agency.entity';
import type { Role } from '../practitioners/practitioner.entity';

/** The authenticated caller, as every service sees it. Agency and role come from the identity provider, never from a request body. */
export interface Principal {
  subject: string;
  practitionerId: string;
  name: string;
  role: Role;
  jobTitle: string | null;
  agency: { id: string; code: string; name: string; type: AgencyType };
  authenticatedBy: 'bearer' | 'session';
}

export type IdentityClaims = Record<string, unknown>;
