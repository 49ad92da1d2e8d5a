import { Controller, Get, Render } from '@nestjs/common';
import { AccessPolicyService } from '../../access/access-policy.service';
import { AccessService } from '../../access/access.service';
import { policyInWords } from '../../access/policy-in-words';
import { Caller, CurrentCaller } from '../../common/caller.decorator';
import { DomainError } from '../../common/domain-error';
import { PractitionersService } from '../../practitioners/practitioners.service';
import { toPractitionerView } from '../../practitioners/practitioner.view';
import { WebPage } from '../web-page.decorator';

/**
 * The administrator's home (find a child, create one), the practitioners by agency (GET
 * /api/practitioners, refused and audited alike for other roles) and the access policy in words,
 * read-only, made from the policy the server enforces.
 */
@WebPage()
@Controller('admin')
export class AdminHomePage {
  constructor(
    private readonly access: AccessService,
    private readonly practitioners: PractitionersService,
    private readonly policies: AccessPolicyService,
  ) {}

  @Get()
  @Render('pages/admin/home')
  home(@CurrentCaller() caller: Caller) {
    // The page reads nothing personal, so there is nothing to audit; a role that may not manage teams is refused as its forms would be.
    if (!this.access.grants(caller, 'manage', 'Team')) throw new DomainError('FORBIDDEN', 'Your role does not permit this');
    return { values: {}, searched: false };
  }

  @Get('practitioners')
  @Render('pages/admin/practitioners')
  async practitionersByAgency(@CurrentCaller() caller: Caller) {
    await this.access.assertCan(caller, 'read', 'Practitioner', 'practitioner.list');
    const byAgency = new Map<string, { name: string; people: ReturnType<typeof toPractitionerView>[] }>();
    for (const practitioner of (await this.practitioners.list({})).map(toPractitionerView)) {
      const key = practitioner.agency?.code ?? '';
      if (!byAgency.has(key)) byAgency.set(key, { name: practitioner.agency?.name ?? 'No agency', people: [] });
      byAgency.get(key)!.people.push(practitioner);
    }
    return { agencies: [...byAgency.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  }

  @Get('policy')
  @Render('pages/admin/policy')
  policy() {
    return { policy: policyInWords(this.policies.policy) };
  }
}
