import type { AgenciesService } from '../agencies/agencies.service';

/** Agency codes (as the audit trail records them) to the agencies' names; a code no longer registered is shown as it is. */
export async function agencyNamer(agencies: AgenciesService): Promise<(code: string) => string> {
  const names = new Map((await agencies.listAll()).map((agency) => [agency.code, agency.name]));
  return (code) => names.get(code) ?? code;
}
