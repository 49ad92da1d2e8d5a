import { AgencyView, toAgencyView } from '../agencies/agency.view';
import { Practitioner, Role } from './practitioner.entity';

export class PractitionerView {
  id!: string;
  name!: string;
  jobTitle!: string | null;
  role!: Role;
  agency!: AgencyView | null;
}

export function toPractitionerView(practitioner: Practitioner): PractitionerView {
  return {
    id: practitioner.id,
    name: practitioner.name,
    jobTitle: practitioner.jobTitle,
    role: practitioner.role,
    agency: practitioner.agency ? toAgencyView(practitioner.agency) : null,
  };
}
