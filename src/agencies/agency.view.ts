import { Agency, AgencyType } from './agency.entity';

export class AgencyView {
  id!: string;
  code!: string;
  name!: string;
  type!: AgencyType;
  contact!: string | null;
}

export function toAgencyView(agency: Agency): AgencyView {
  return { id: agency.id, code: agency.code, name: agency.name, type: agency.type, contact: agency.contact };
}
